package dataapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.Await;
import dataapi.AuthTestSupport;
import dataapi.ColumnKinds;
import dataapi.RawHttp;
import dataapi.auth.AuthStore;
import dataapi.auth.AuthStores;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.TrustedProxies;
import dataapi.declared.EndpointsFile;
import dataapi.declared.SqlEndpoint;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /openapi.json is valid OpenAPI 3.1 to a real parser, lists every route the server has in each
 * access mode, says which need credentials, and describes what the server does.
 */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final Map<AuthMode, Documented> servers = new EnumMap<>(AuthMode.class);
    private static AuthStore store;

    @TempDir
    static Path work;

    /** A server in one access mode, the header that names a caller to it, and its document as the parser read it. */
    private record Documented(TestServer server, String[] credentials, OpenAPI document) {
        String url(String pathAndQuery) {
            return "http://127.0.0.1:" + server.port() + pathAndQuery;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        // Without authentication, the server also serves the shipped declared endpoints, one with a required query parameter, one of times,
        // one whose messages differ only in punctuation, one of timestamps, booleans and doubles, and one with an optional parameter.
        Path required = Files.writeString(work.resolve("required.json"), """
                {"endpoints": [{"id": "orders_on", "title": "Orders on a day", "path": "/orders/on",
                  "parameters": [{"name": "day", "type": "date", "example": "1995-03-01"}],
                  "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_orderdate = :day", "columns": [{"name": "N", "type": "integer"}]},
                 {"id": "orders_above", "title": "Orders above a price", "path": "/orders/above",
                  "parameters": [{"name": "min_price", "type": "decimal", "default": "1000.50", "min": 0.5, "max": 12345678901234567.8},
                                 {"name": "max_price", "type": "decimal", "example": "-0.25"}],
                  "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_totalprice > :min_price AND o_totalprice <= :max_price",
                  "columns": [{"name": "N", "type": "integer"}]},
                 {"id": "orders_between", "title": "Orders between two times", "path": "/orders/between",
                  "parameters": [{"name": "since", "type": "timestamp", "example": "1995-03-01T00:00:00"},
                                 {"name": "until", "type": "timestamptz", "default": "1996-01-01T00:00:00Z"}],
                  "sql": "SELECT COUNT(*) AS n FROM orders WHERE CAST(o_orderdate AS TIMESTAMP) >= :since AND CAST('1995-06-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE) < :until",
                  "columns": [{"name": "N", "type": "integer"}]},
                 {"id": "like_messages", "title": "Messages alike", "path": "/like_messages",
                  "parameters": [{"name": "a", "type": "integer", "default": "1", "error": "Bad value!"},
                                 {"name": "b", "type": "integer", "default": "2", "error": "Bad value."},
                                 {"name": "s", "type": "string", "example": "x", "error": "Missing parameter s"},
                                 {"name": "c", "type": "integer", "default": "3", "error": "?!"},
                                 {"name": "d", "type": "integer", "default": "4", "error": "Ç…"}],
                  "sql": "SELECT CAST(:a AS BIGINT) + CAST(:b AS BIGINT) + CAST(:c AS BIGINT) + CAST(:d AS BIGINT) AS n, CAST(:s AS VARCHAR) AS s",
                  "columns": [{"name": "N", "type": "integer"}, {"name": "S", "type": "string"}]},
                 {"id": "kinds", "title": "Timestamps, booleans and doubles", "path": "/kinds", "parameters": [],
                  "sql": "%s", "columns": [%s]},
                 {"id": "orders_of", "title": "Orders, of a status if one is given", "path": "/orders/of",
                  "parameters": [{"name": "status", "type": "string", "required": false, "maxLength": 1, "example": "F",
                                  "description": "Only orders of this status."}],
                  "sql": "SELECT COUNT(*) AS n FROM orders WHERE CAST(:status AS VARCHAR) IS NULL OR o_orderstatus = :status",
                  "columns": [{"name": "N", "type": "integer"}]}]}""".formatted(ColumnKinds.SQL, ColumnKinds.COLUMNS));
        List<SqlEndpoint> declared = new ArrayList<>(EndpointsFile.read(Path.of("examples", "endpoints.json")));
        declared.addAll(EndpointsFile.read(required));
        servers.put(AuthMode.NONE, documented(TestServer.start(ServerAccess.open(), declared), new String[0]));
        servers.put(AuthMode.SPCS, documented(TestServer.start(new ServerAccess(AccessGate.spcs(), Optional.empty(), List.of(), TrustedProxies.NONE)),
                new String[] {AccessGate.SPCS_USER_HEADER, "APIUSER"}));

        List<String> storeFlags = List.of("--data-dir", work.toString());
        String pat = AuthTestSupport.quickstartSetUp(storeFlags, work);
        AuthTestSupport.adminOk(storeFlags, "grant", "endpoint", "snowpark", "--to-role", "apirole");
        AuthStoreConfig storeConfig = AuthStoreConfig.file(work.resolve("auth"));
        store = AuthStores.open(storeConfig);
        TestServer builtin = TestServer.start(ServerAccess.of(new AccessConfig(AuthMode.BUILTIN, false, storeConfig, Optional.empty(), List.of(),
                TrustedProxies.NONE), Optional.of(store), Clock.systemUTC()));
        String host = "127.0.0.1:" + builtin.port();
        HttpResponse<String> token = AuthTestSupport.exchange(client, "http://" + host, pat, "session:scope:APIROLE " + host, "text/plain");
        assertThat(token.statusCode()).isEqualTo(200);
        servers.put(AuthMode.BUILTIN, documented(builtin, new String[] {"Authorization", "Bearer " + token.body()}));
    }

    private static Documented documented(TestServer server, String[] credentials) throws Exception {
        Documented unread = new Documented(server, credentials, null);
        HttpResponse<String> response = AuthTestSupport.get(client, unread.url("/openapi.json"), credentials);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body(), null, options);
        assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
        return new Documented(server, credentials, parsed.getOpenAPI());
    }

    @AfterAll
    static void stop() throws Exception {
        for (Documented documented : servers.values()) {
            documented.server().close();
        }
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AuthMode.class)
    void isOpenApi31(AuthMode mode) {
        OpenAPI document = servers.get(mode).document();
        assertThat(document.getOpenapi()).isEqualTo("3.1.0");
        assertThat(document.getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(document.getInfo().getTitle()).isEqualTo("dataapi");
    }

    /** Every route but the pages' script and style files, with its methods, taken from the running router. */
    @ParameterizedTest
    @EnumSource(AuthMode.class)
    void documentsEveryRoute(AuthMode mode) {
        Documented documented = servers.get(mode);
        Map<String, Set<String>> routes = routes(documented);
        assertThat(routes).containsKeys("/", "/connector/customers/top10", "/snowpark/clerk/{clerk_id}/yearly_sales/{year}",
                "/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/test");
        if (mode == AuthMode.BUILTIN) {
            assertThat(routes).containsEntry("/oauth/token", Set.of("POST")).containsEntry("/login", Set.of("GET", "POST"))
                    .containsEntry("/logout", Set.of("POST")).containsEntry("/session", Set.of("GET"));
        }
        assertThat(operations(documented)).isEqualTo(routes);
    }

    /**
     * With a metrics port, the API's port has no {@code /metrics}, and its description none either;
     * the probes stay there, without credentials.
     */
    @Test
    void withAMetricsPortTheDescriptionHasNoMetrics() throws Exception {
        try (TestServer split = TestServer.withMetricsPort(new ServerAccess(AccessGate.spcs(), Optional.empty(), List.of(), TrustedProxies.NONE))) {
            Documented documented = documented(split, new String[] {AccessGate.SPCS_USER_HEADER, "APIUSER"});
            Map<String, Set<String>> routes = routes(documented);
            assertThat(routes).doesNotContainKey("/metrics").containsKeys("/healthz", "/readyz", "/openapi.json");
            assertThat(operations(documented)).isEqualTo(routes);
            for (String probe : List.of("/healthz", "/readyz")) {
                assertThat(documented.document().getPaths().get(probe).getGet().getSecurity()).as(probe).isNullOrEmpty();
            }
            assertThat(documented.document().getPaths().get("/openapi.json").getGet().getSecurity()).isNotEmpty();
        }
    }

    /** The server's routes and their methods, taken from the running router, but for the pages' script and style files. */
    private static Map<String, Set<String>> routes(Documented documented) {
        Map<String, Set<String>> routes = new TreeMap<>();
        for (String route : documented.server().server.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(method.length() + 1);
            if (METHODS.contains(method) && !path.endsWith(".js") && !path.endsWith(".css")) {
                routes.computeIfAbsent(path, any -> new TreeSet<>()).add(method);
            }
        }
        return routes;
    }

    /** The documented paths and their methods. */
    private static Map<String, Set<String>> operations(Documented documented) {
        Map<String, Set<String>> operations = new TreeMap<>();
        documented.document().getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.computeIfAbsent(path, any -> new TreeSet<>()).add(method.name())));
        return operations;
    }

    /**
     * Each documented GET, called with its parameters' examples, answers 200 with the documented
     * media type: with credentials where the operation names a security scheme, and without them
     * where it does not. Those that name one answer 401 without, with the documented error.
     */
    @ParameterizedTest
    @EnumSource(AuthMode.class)
    void everyDocumentedGetAnswersAsDocumented(AuthMode mode) throws Exception {
        Documented documented = servers.get(mode);
        String refusal = mode == AuthMode.NONE ? null : errorExample(documented.document().getComponents().getResponses().get("Unauthenticated"));
        int secured = 0;
        for (Map.Entry<String, PathItem> entry : documented.document().getPaths().entrySet()) {
            Operation get = entry.getValue().getGet();
            if (get == null) {
                continue;
            }
            String path = withExamples(entry.getKey(), get);
            boolean needsCredentials = get.getSecurity() != null && !get.getSecurity().isEmpty();
            HttpResponse<String> response = needsCredentials
                    ? AuthTestSupport.get(client, documented.url(path), documented.credentials())
                    : AuthTestSupport.get(client, documented.url(path));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            String mediaType = get.getResponses().get("200").getContent().keySet().iterator().next();
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type -> assertThat(type).startsWith(mediaType));
            if (needsCredentials) {
                secured++;
                assertThat(get.getResponses()).as(path).containsKey("401");
                HttpResponse<String> without = AuthTestSupport.get(client, documented.url(path), "Accept", "application/json");
                assertThat(without.statusCode()).as(path + " without credentials").isEqualTo(401);
                assertThat(without.body()).isEqualTo("{\"error\":" + quoted(refusal) + "}");
            }
        }
        assertThat(secured).as("operations that need credentials").isEqualTo(mode == AuthMode.NONE ? 0
                : documented.document().getPaths().size() - publicPaths(mode).size());
    }

    /** The paths anybody may call: the probes and metrics, and in built-in mode the root and the sign-in routes. */
    private static Set<String> publicPaths(AuthMode mode) {
        Set<String> open = new TreeSet<>(Set.of("/healthz", "/readyz", "/metrics"));
        if (mode == AuthMode.BUILTIN) {
            open.addAll(Set.of("/", "/oauth/token", "/login", "/logout"));
        }
        return open;
    }

    @Test
    void namesEachModesSchemesAndABuiltinReportsGrant() {
        assertThat(servers.get(AuthMode.NONE).document().getComponents().getSecuritySchemes()).isNull();

        SecurityScheme ingress = servers.get(AuthMode.SPCS).document().getComponents().getSecuritySchemes().get("ingress");
        assertThat(ingress.getIn()).isEqualTo(SecurityScheme.In.HEADER);
        assertThat(ingress.getName()).isEqualTo("Sf-Context-Current-User");

        OpenAPI builtin = servers.get(AuthMode.BUILTIN).document();
        Map<String, SecurityScheme> schemes = builtin.getComponents().getSecuritySchemes();
        assertThat(schemes.get("token").getScheme()).isEqualTo("bearer");
        assertThat(schemes.get("session").getIn()).isEqualTo(SecurityScheme.In.COOKIE);
        assertThat(schemes.get("session").getName()).isEqualTo("dataapi_session");
        builtin.getPaths().forEach((path, item) -> {
            boolean report = path.startsWith("/connector/") || path.startsWith("/snowpark/");
            if (item.getGet() != null) {
                assertThat(item.getGet().getResponses().containsKey("403")).as(path).isEqualTo(report);
            }
        });
        assertThat(builtin.getPaths().get("/session").getGet().getResponses().get("429").get$ref()).isEqualTo("#/components/responses/Throttled");
        // While the user store cannot be read, whatever needs it is refused.
        assertThat(builtin.getPaths().get("/session").getGet().getResponses().get("503").get$ref()).isEqualTo("#/components/responses/Unavailable");
        assertThat(builtin.getPaths().get("/oauth/token").getPost().getResponses().get("503").get$ref()).isEqualTo("#/components/responses/Unavailable");
        // A login refused while too many are checked gets the form again; one refused while the store is away, the JSON error.
        ApiResponse loginUnavailable = builtin.getPaths().get("/login").getPost().getResponses().get("503");
        assertThat(loginUnavailable.getContent().keySet()).containsExactlyInAnyOrder("application/json", "text/html");
        assertThat(loginUnavailable.getHeaders()).containsKey("Retry-After");
        assertThat(servers.get(AuthMode.SPCS).document().getPaths().get("/session")).isNull();
        Operation exchange = builtin.getPaths().get("/oauth/token").getPost();
        Schema<?> form = exchange.getRequestBody().getContent().get("application/x-www-form-urlencoded").getSchema();
        assertThat(form.getRequired()).containsExactlyInAnyOrder("grant_type", "subject_token", "subject_token_type", "scope");
        assertThat(exchange.getResponses().get("200").getContent()).containsOnlyKeys("text/plain", "application/json");
    }

    /**
     * The form operations document the server's refusals of a form it cannot read, as the server answers them: a body
     * over the limit (413) and one in a charset the server cannot decode (415), each with the error its example gives.
     * Each is sent whole on a connection of its own: refused unread, a body still arriving is cut off with the connection.
     */
    @Test
    void theFormOperationsDocumentTheirRefusalsOfAnUnreadableBody() throws Exception {
        Documented builtin = servers.get(AuthMode.BUILTIN);
        String form = "application/x-www-form-urlencoded";
        record Body(String contentType, String text) {
        }
        Map<String, Body> refused = Map.of(
                "413", new Body(form, "a".repeat((int) ServerLimits.MAX_REQUEST_BODY_BYTES + 1)),
                "415", new Body(form + "; charset=bogus", "grant_type=x"));
        for (String path : List.of("/oauth/token", "/login")) {
            ApiResponses documented = builtin.document().getPaths().get(path).getPost().getResponses();
            for (Map.Entry<String, Body> request : refused.entrySet()) {
                int port = builtin.server().port();
                RawHttp.Response response = RawHttp.post(port, "127.0.0.1:" + port, path, request.getValue().contentType(), request.getValue().text());
                assertThat(response.status()).as(path).isEqualTo(Integer.parseInt(request.getKey()));
                assertThat(documented).as(path).containsKey(request.getKey());
                assertThat(documented.get(request.getKey()).getContent()).as(path).containsOnlyKeys("application/json");
                assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
                assertThat(response.body()).as(path).isEqualTo("{\"error\":" + quoted(errorExample(documented.get(request.getKey()))) + "}");
            }
        }
    }

    /** A declared endpoint is documented under the connector family only, with which parameters it requires and nullable columns. */
    @Test
    void describesDeclaredEndpoints() {
        OpenAPI document = servers.get(AuthMode.NONE).document();
        assertThat(document.getPaths()).containsKeys("/connector/orders/by_priority", "/connector/customers/{custkey}/orders", "/connector/orders/on")
                .doesNotContainKeys("/snowpark/orders/by_priority", "/snowpark/customers/{custkey}/orders", "/snowpark/orders/on");
        Operation orders = document.getPaths().get("/connector/customers/{custkey}/orders").getGet();
        assertThat(parameter(orders, "custkey").getRequired()).isTrue();
        assertThat(parameter(orders, "limit").getRequired()).isFalse();
        assertThat(parameter(orders, "limit").getSchema().getDefault()).hasToString("10");
        assertThat(parameter(orders, "limit").getSchema().getMinimum()).isEqualByComparingTo("1");
        assertThat(parameter(orders, "limit").getSchema().getMaximum()).isEqualByComparingTo("100");
        assertThat(parameter(orders, "custkey").getSchema().getMaximum()).isNull();
        assertThat(parameter(orders, "custkey").getDescription()).isEqualTo("The customer's key.");
        Operation alike = document.getPaths().get("/connector/like_messages").getGet();
        assertThat(parameter(alike, "a").getSchema().getMinimum()).isNull();
        assertThat(parameter(alike, "a").getSchema().getMaximum()).isNull();
        assertThat(parameter(alike, "a").getSchema().getFormat()).as("what the parser takes").isEqualTo("int64");
        assertThat(errorExamples(orders)).contains("Customer key must be a positive integer.", "Parameter limit must be an integer from 1 to 100.");
        Operation onADay = document.getPaths().get("/connector/orders/on").getGet();
        assertThat(parameter(onADay, "day").getRequired()).isTrue();
        assertThat(parameter(onADay, "day").getDescription()).as("none declared").isNull();
        assertThat(errorExamples(onADay)).contains("Missing parameter day.");
        Schema<?> row = document.getComponents().getSchemas().get("customer_orders").getItems();
        assertThat(row.getProperties().get("O_TOTALPRICE").getTypes()).containsExactlyInAnyOrder("number", "null");
        Schema<?> reportRow = document.getComponents().getSchemas().get("customers_top10").getItems();
        assertThat(reportRow.getProperties().get("SUM_TOTALPRICE").getTypes()).containsExactly("number");
    }

    /**
     * An optional parameter is not required and has no default, so that a client leaves it out; its example is there
     * all the same, and no 400 says it is missing.
     */
    @Test
    void describesAnOptionalParameterAsNotRequiredWithoutADefault() throws Exception {
        Documented open = servers.get(AuthMode.NONE);
        Operation ordersOf = open.document().getPaths().get("/connector/orders/of").getGet();
        Parameter status = parameter(ordersOf, "status");
        assertThat(status.getRequired()).isFalse();
        assertThat(status.getSchema().getDefault()).isNull();
        assertThat(status.getSchema().getMaxLength()).isEqualTo(1);
        assertThat(status.getExample()).isEqualTo("F");
        assertThat(status.getDescription()).isEqualTo("Only orders of this status.");
        assertThat(errorExamples(ordersOf)).contains("Parameter status must be at most 1 character without control characters.")
                .doesNotContain("Missing parameter status.");
        JsonNode described = new ObjectMapper().readTree(AuthTestSupport.get(client, open.url("/openapi.json"), open.credentials()).body())
                .at("/paths/~1connector~1orders~1of/get/parameters/0");
        assertThat(described.path("required").toString()).isEqualTo("false");
        assertThat(described.path("schema").has("default")).isFalse();
    }

    /**
     * A decimal is described as the text the server reads, with the parser's pattern, so that no client holds it
     * as a double; its bounds are there, exactly as declared, though JSON Schema applies them to numbers alone.
     */
    @Test
    void describesADecimalAsTextOfItsPatternWithItsBounds() throws Exception {
        Documented open = servers.get(AuthMode.NONE);
        Operation above = open.document().getPaths().get("/connector/orders/above").getGet();
        Schema<?> minPrice = parameter(above, "min_price").getSchema();
        assertThat(minPrice.getTypes()).containsExactly("string");
        assertThat(minPrice.getFormat()).isEqualTo("decimal");
        assertThat(minPrice.getMinimum()).isEqualByComparingTo("0.5");
        // The parser reads a number through a double; the document has its every digit.
        assertThat(AuthTestSupport.get(client, open.url("/openapi.json"), open.credentials()).body())
                .contains("\"minimum\":0.5,\"maximum\":12345678901234567.8,");
        assertThat(minPrice.getDefault()).isEqualTo("1000.50");
        assertThat(parameter(above, "max_price").getExample()).isEqualTo("-0.25");
        assertThat(parameter(above, "max_price").getSchema().getMinimum()).isNull();
        assertThat(errorExamples(above)).contains("Parameter min_price must be a decimal number from 0.5 to 12345678901234567.8.",
                "Parameter max_price must be a decimal number.", "Missing parameter max_price.");
        // The pattern is what the server takes: each of these is served or refused by it alike.
        Pattern pattern = Pattern.compile(minPrice.getPattern());
        for (String taken : List.of("0", "-0.5", "1000.505", "007", "123456789012345678", "-12345678901234567.8", "0.00000000000000001")) {
            assertThat(pattern.matcher(taken).find()).as(taken).isTrue();
        }
        for (String refused : List.of("1e3", "+1", "1.", ".5", "1,5", " 1", "-", "1.2.3", "\u0661", "1234567890123456789", "0.000000000000000001",
                "1234567890123456789.5", "12345678901234567.89")) {
            assertThat(pattern.matcher(refused).find()).as(refused).isFalse();
        }
    }

    /**
     * A time parameter is text of the parser's pattern: of format date-time with an offset, as RFC 3339 has it, and
     * without that format for a wall-clock time, which RFC 3339 has none for.
     */
    @Test
    void describesTimeParametersAsTextOfTheirPatterns() throws Exception {
        Operation between = servers.get(AuthMode.NONE).document().getPaths().get("/connector/orders/between").getGet();
        Schema<?> since = parameter(between, "since").getSchema();
        Schema<?> until = parameter(between, "until").getSchema();
        assertThat(since.getTypes()).containsExactly("string");
        assertThat(since.getFormat()).isNull();
        assertThat(until.getTypes()).containsExactly("string");
        assertThat(until.getFormat()).isEqualTo("date-time");
        assertThat(until.getDefault()).isEqualTo("1996-01-01T00:00:00Z");
        assertThat(errorExamples(between)).contains("Parameter since must be a time, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits and no offset.",
                "Parameter until must be a time with an offset, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits, then Z or +HH:MM.");
        // Each pattern is what the server takes: each of these is served or refused by it alike.
        Pattern wallClock = Pattern.compile(since.getPattern());
        Pattern moment = Pattern.compile(until.getPattern());
        List<String> times = List.of("2024-03-10T12:00:00", "0001-01-01T00:00:00.5", "9999-12-31T23:59:59.999999");
        for (String time : times) {
            assertThat(wallClock.matcher(time).find()).as(time).isTrue();
            for (String offset : List.of("Z", "+05:30", "-18:00", "+00:00")) {
                assertThat(moment.matcher(time + offset).find()).as(time + offset).isTrue();
                assertThat(wallClock.matcher(time + offset).find()).as(time + offset).isFalse();
            }
            assertThat(moment.matcher(time).find()).as(time).isFalse();
        }
        for (String refused : List.of("2024-03-10T12:00", "2024-03-10 12:00:00", "2024-03-10t12:00:00", "2024-13-10T12:00:00", "2024-03-32T12:00:00",
                "2024-03-10T24:00:00", "2024-03-10T12:60:00", "2024-03-10T12:00:60", "0000-01-01T00:00:00", "2024-03-10T12:00:00.1234567",
                "2024-03-10T12:00:00.", "2024-3-10T12:00:00", "12024-03-10T12:00:00", "2024-03-10T12:00:00x")) {
            assertThat(wallClock.matcher(refused).find()).as(refused).isFalse();
            assertThat(moment.matcher(refused + "Z").find()).as(refused + "Z").isFalse();
        }
        for (String offset : List.of("+25:00", "+18:01", "+5:30", "+0530", "+05", "z", "-24:00")) {
            assertThat(moment.matcher("2024-03-10T12:00:00" + offset).find()).as(offset).isFalse();
        }
    }

    /**
     * A boolean is a JSON boolean, a double a number of format double. A timestamp is text of the pattern of what
     * the server writes, without RFC 3339's format date-time, which has no time without an offset, as a timestamp
     * without time zone is.
     */
    @Test
    void describesTimestampsBooleansAndDoublesAsTheServerWritesThem() throws Exception {
        Documented open = servers.get(AuthMode.NONE);
        Schema<?> row = open.document().getComponents().getSchemas().get("kinds").getItems();
        Schema<?> timestamp = row.getProperties().get("T");
        assertThat(timestamp.getTypes()).containsExactlyInAnyOrder("string", "null");
        assertThat(timestamp.getFormat()).isNull();
        assertThat(row.getProperties().get("TZ").getPattern()).isEqualTo(timestamp.getPattern());
        assertThat(row.getProperties().get("B").getTypes()).containsExactlyInAnyOrder("boolean", "null");
        assertThat(row.getProperties().get("D").getTypes()).containsExactlyInAnyOrder("number", "null");
        assertThat(row.getProperties().get("D").getFormat()).isEqualTo("double");

        Pattern pattern = Pattern.compile(timestamp.getPattern());
        JsonNode rows = new ObjectMapper().readTree(AuthTestSupport.get(client, open.url("/connector/kinds"), open.credentials()).body());
        List<String> written = new ArrayList<>();
        rows.forEach(each -> List.of("T", "TZ").forEach(name -> {
            if (each.get(name).isTextual()) {
                written.add(each.get(name).textValue());
            }
        }));
        assertThat(written).hasSizeGreaterThan(10).allSatisfy(text -> assertThat(pattern.matcher(text).find()).as(text).isTrue());
        for (String other : List.of("2024-03-10 12:34:56", "2024-03-10T12:34", "2024-03-10T12:34:56.", "2024-03-10T12:34:56.1234567891",
                "2024-03-10T12:34:56+00:00", "10000-01-01T00:00:00", "+0999-01-01T00:00:00", "-001-01-01T00:00:00", "2024-03-10T12:34:56ZZ")) {
            assertThat(pattern.matcher(other).find()).as(other).isFalse();
        }
    }

    /**
     * Messages that differ only in case or punctuation are each an example of their own, the first
     * declared under the plain key; messages of punctuation alone are examples under "error".
     */
    @Test
    void listsEveryMessageOfA400() {
        Operation alike = servers.get(AuthMode.NONE).document().getPaths().get("/connector/like_messages").getGet();
        assertThat(errorExamples(alike)).contains("Bad value!", "Bad value.", "Missing parameter s", "Missing parameter s.");
        Map<String, Example> examples = alike.getResponses().get("400").getContent().get("application/json").getExamples();
        assertThat(errorIn(examples.get("bad_value").getValue())).isEqualTo("Bad value!");
        assertThat(errorIn(examples.get("bad_value_2").getValue())).isEqualTo("Bad value.");
        assertThat(errorIn(examples.get("missing_parameter_s").getValue())).isEqualTo("Missing parameter s");
        assertThat(errorIn(examples.get("missing_parameter_s_2").getValue())).isEqualTo("Missing parameter s.");
        // Messages of no letter or digit a to z or 0 to 9 have keys too, each its own.
        assertThat(errorIn(examples.get("error").getValue())).isEqualTo("?!");
        assertThat(errorIn(examples.get("error_2").getValue())).isEqualTo("Ç…");
        assertThat(examples).doesNotContainKey("");
        // A query run with values the request gave may be refused them by the warehouse; one run without any, or with a
        // report's, which the server made of the request's, cannot be.
        String refused = "The warehouse could not compute the answer for the values given: ";
        assertThat(errorExamples(alike)).contains(refused + "a number out of range.", refused + "a value that does not convert.",
                refused + "division by zero.", refused + "a negative row count.", refused + "a value the query cannot use.");
        for (String withoutRequestValues : List.of("/connector/kinds", "/connector/customers/top10", "/snowpark/clerk/{clerk_id}/yearly_sales/{year}")) {
            Operation operation = servers.get(AuthMode.NONE).document().getPaths().get(withoutRequestValues).getGet();
            assertThat(errorExamples(operation)).as(withoutRequestValues).isNotEmpty().noneMatch(message -> message.startsWith(refused));
        }
    }

    /** A role granted the connector family alone gets the documented 403 from a snowpark report, and its connector twin. */
    @Test
    void aRoleWithoutAReportsGrantGetsTheDocumented403() throws Exception {
        List<String> storeFlags = List.of("--data-dir", work.toString());
        AuthTestSupport.adminOk(storeFlags, "role", "create", "connectoronly");
        AuthTestSupport.adminOk(storeFlags, "grant", "endpoint", "connector", "--to-role", "connectoronly");
        AuthTestSupport.adminOk(storeFlags, "grant", "role", "connectoronly", "--to-user", "apiuser");
        Path secret = work.resolve("limited-token-secret.txt");
        AuthTestSupport.adminOk(storeFlags, "pat", "add", "apiuser", "limited", "--role", "connectoronly", "--out", secret.toString());
        Documented builtin = servers.get(AuthMode.BUILTIN);
        String host = "127.0.0.1:" + builtin.server().port();
        HttpResponse<String> token = AuthTestSupport.exchange(client, "http://" + host, Files.readString(secret).strip(),
                "session:scope:CONNECTORONLY " + host, "text/plain");
        assertThat(token.statusCode()).isEqualTo(200);
        String bearer = "Bearer " + token.body();
        // The running server reads the changed store within seconds.
        Await.until(() -> status(builtin.url("/connector/customers/top10"), bearer) == 200, "the new role's grant to be read");

        String path = "/snowpark/customers/top10";
        assertThat(builtin.document().getPaths().get(path).getGet().getResponses().get("403").get$ref())
                .isEqualTo("#/components/responses/NotGranted");
        HttpResponse<String> refused = AuthTestSupport.get(client, builtin.url(path), "Authorization", bearer);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":\"Role CONNECTORONLY is not granted /snowpark/customers/top10.\"}");
    }

    private static int status(String url, String authorization) {
        try {
            return AuthTestSupport.get(client, url, "Authorization", authorization).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void describesTheReportsParametersRowsAndErrors() {
        OpenAPI document = servers.get(AuthMode.NONE).document();
        for (String family : List.of("connector", "snowpark")) {
            Operation top10 = document.getPaths().get("/" + family + "/customers/top10").getGet();
            assertThat(top10.getTags()).containsExactly(family);
            Parameter start = parameter(top10, "start_range");
            assertThat(start.getIn()).isEqualTo("query");
            assertThat(start.getSchema().getFormat()).isEqualTo("date");
            assertThat(start.getSchema().getDefault()).hasToString("1995-01-01");
            assertThat(parameter(top10, "end_range").getSchema().getDefault()).hasToString("1995-03-31");
            assertThat(top10.getResponses().keySet()).contains("200", "304", "400", "404", "405", "429", "500", "503", "504")
                    .doesNotContain("401", "403");
            assertThat(errorExamples(top10)).contains("Invalid start and/or end dates.", "start_range must not be after end_range.",
                    "Parameter end_range was given more than once.", "Parameter start_range is not valid percent-encoded UTF-8.",
                    "A query parameter's name is not valid percent-encoded UTF-8.");

            Operation clerk = document.getPaths().get("/" + family + "/clerk/{clerk_id}/yearly_sales/{year}").getGet();
            assertThat(parameter(clerk, "clerk_id").getRequired()).isTrue();
            assertThat(parameter(clerk, "clerk_id").getSchema().getPattern()).isEqualTo("^[0-9]+$");
            assertThat(parameter(clerk, "year").getSchema().getTypes()).containsExactly("integer");
            assertThat(parameter(clerk, "year").getSchema().getMinimum()).isEqualByComparingTo("1");
            assertThat(parameter(clerk, "year").getSchema().getMaximum()).isEqualByComparingTo("9999");
            assertThat(parameter(clerk, "year").getExample()).isInstanceOf(Number.class).hasToString("1995");
            assertThat(errorExamples(clerk)).contains("Clerk ID can only contain numbers.", "Invalid year.");
            assertThat(clerk.getResponses().get("503").get$ref()).isEqualTo("#/components/responses/Unavailable");
            assertThat(List.of(top10, clerk)).allSatisfy(operation ->
                    assertThat(operation.getResponses().get("429").get$ref()).isEqualTo("#/components/responses/TooManyRequests"));
        }

        Schema<?> row = document.getComponents().getSchemas().get("clerk_yearly_sales").getItems();
        assertThat(row.getRequired()).containsExactlyInAnyOrder("O_CLERK", "MONTH", "SUM_TOTALPRICE");
        assertThat(row.getProperties().get("MONTH").getTypes()).containsExactly("integer");
        assertThat(row.getProperties().get("SUM_TOTALPRICE").getTypes()).containsExactly("number");
        assertThat(document.getComponents().getSchemas().get("Error").getRequired()).containsExactly("error");
        assertThat(document.getComponents().getResponses().get("Unavailable").getHeaders()).containsKey("Retry-After");
        // One 429 for both limits: too many requests running, and too many made lately.
        assertThat(document.getComponents().getResponses().get("TooManyRequests").getDescription()).contains("running", "rate limit");
        assertThat(document.getComponents().getResponses().get("TooManyRequests").getHeaders()).containsKey("Retry-After");
    }

    /** The path with its path parameters' examples in place, and its query parameters' examples after it. */
    private static String withExamples(String path, Operation operation) {
        StringBuilder query = new StringBuilder();
        for (Parameter parameter : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
            String example = String.valueOf(parameter.getExample());
            if (parameter.getIn().equals("path")) {
                path = path.replace("{" + parameter.getName() + "}", example);
            } else if (parameter.getIn().equals("query") && parameter.getExample() != null) {
                query.append(query.isEmpty() ? "?" : "&").append(parameter.getName()).append('=').append(example);
            }
        }
        return path + query;
    }

    private static String errorExample(ApiResponse response) {
        return errorIn(response.getContent().get("application/json").getExample());
    }

    /** The parser hands some examples over as maps and others as JSON nodes. */
    private static String errorIn(Object example) {
        return example instanceof JsonNode node ? node.get("error").asText() : String.valueOf(((Map<?, ?>) example).get("error"));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> errorExamples(Operation operation) {
        return operation.getResponses().get("400").getContent().get("application/json").getExamples().values().stream()
                .map(example -> errorIn(example.getValue()))
                .toList();
    }

    private static Parameter parameter(Operation operation, String name) {
        return operation.getParameters().stream().filter(parameter -> parameter.getName().equals(name)).findFirst().orElseThrow();
    }
}
