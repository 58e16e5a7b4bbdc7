package dataapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.RawHttp;
import dataapi.TestData;
import dataapi.TestTls;
import dataapi.auth.AuthStore;
import dataapi.auth.AuthStores;
import dataapi.cache.ResultCache;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.CacheLifetime;
import dataapi.config.ServerConfig;
import dataapi.config.TrustedProxies;
import dataapi.report.OrdersTable;
import dataapi.report.TpchTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /healthz, /readyz, /metrics and the metrics port, the access log, X-Request-Id and Server-Timing, on a server of the test's own. */
class OperationsTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void healthAndReadinessAnswerWithoutCredentials() throws Exception {
        HttpResponse<String> health = get(server, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"alive\"}");
        HttpResponse<String> ready = get(server, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
        assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void notReadyOnceTheWarehouseIsGoneButStillAlive() throws Exception {
        try (TestServer broken = TestServer.start()) {
            assertThat(get(broken, "/readyz").statusCode()).isEqualTo(200);
            broken.warehouse.close();
            // A readiness answer is reused for a second, so the 503 comes within about that.
            HttpResponse<String> ready = waitFor(() -> get(broken, "/readyz"), response -> response.statusCode() == 503);
            assertThat(ready.body()).isEqualTo("{\"error\":\"The warehouse is not answering. Retry later.\"}");
            assertThat(ready.headers().firstValue("Retry-After")).isPresent();
            assertThat(get(broken, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aSaneRequestIdIsEchoedAnyOtherIsReplaced() throws Exception {
        assertThat(send(server, "/healthz", "X-Request-Id", "trace-42.a:b").headers().firstValue("X-Request-Id")).hasValue("trace-42.a:b");
        for (String insane : List.of("x".repeat(129), "has space", "<script>", "")) {
            Optional<String> echoed = send(server, "/healthz", "X-Request-Id", insane).headers().firstValue("X-Request-Id");
            assertThat(echoed).as(insane).hasValueSatisfying(id -> assertThat(id).isNotEqualTo(insane).matches("[0-9a-f-]{36}"));
        }
        String first = get(server, "/").headers().firstValue("X-Request-Id").orElseThrow();
        String second = get(server, "/").headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void reportsCarryTheQueryTimeInServerTiming() throws Exception {
        for (String path : List.of("/connector/customers/top10", "/snowpark/clerk/1/yearly_sales/1995")) {
            HttpResponse<String> response = get(server, path);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Server-Timing")).as(path)
                    .hasValueSatisfying(timing -> assertThat(timing).matches("query;dur=[0-9]+\\.[0-9]{2}"));
        }
        assertThat(get(server, "/").headers().firstValue("Server-Timing")).isEmpty();
    }

    @Test
    void anAnswerFromTheResultCacheSaysSoInServerTimingAndRunsNoQuery() throws Exception {
        try (TestServer cached = TestServer.start(TpchTables.ordersOnly(new OrdersTable("orders")),
                new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()), 2, Duration.ofSeconds(5))) {
            String path = "/connector/customers/top10";
            assertThat(get(cached, path).headers().firstValue("Server-Timing")).hasValueSatisfying(timing -> assertThat(timing).startsWith("query;dur="));
            HttpResponse<String> again = send(cached, path, "X-Request-Id", "cache-hit-1");
            assertThat(again.headers().firstValue("Server-Timing")).hasValue("cache;desc=hit");
            String line = waitFor(() -> cached.accessLog.stream().filter(entry -> entry.contains("\"cache-hit-1\"")).findFirst().orElse(null),
                    found -> found != null);
            assertThat(JSON.readTree(line).get("query_ms").isNull()).isTrue();
        }
    }

    @Test
    void theAccessLogHasOneJsonLinePerRequestAndNoSecret() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> report = CLIENT.send(HttpRequest.newBuilder(uri(server, "/snowpark/customers/top10?start_range=1995-02-01&end_range=1995-02-14&token=secret-in-query"))
                .header("X-Request-Id", "log-report-1")
                .header("Authorization", "Snowflake Token=\"secret-in-header\"")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        send(server, "/connector/clerk/abc/yearly_sales/1995", "X-Request-Id", "log-bad-1");
        send(server, "/no/such/path", "X-Request-Id", "log-missing-1");

        int expectedRows = new OrdersOracle(TestData.SCALE.asDouble()).top10(LocalDate.of(1995, 2, 1), LocalDate.of(1995, 2, 14)).size();
        JsonNode line = logLine("log-report-1");
        assertThat(Instant.parse(line.get("time").asText())).isBetween(before, Instant.now());
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("path").asText()).isEqualTo("/snowpark/customers/top10");
        assertThat(line.get("endpoint").asText()).isEqualTo("customers_top10");
        assertThat(line.get("family").asText()).isEqualTo("snowpark");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("rows").asInt()).isEqualTo(expectedRows);
        assertThat(line.get("query_ms").asDouble()).isPositive().isLessThanOrEqualTo(line.get("total_ms").asDouble());
        assertThat(line.has("caller")).isTrue();
        assertThat(line.get("caller").isNull()).isTrue();

        JsonNode bad = logLine("log-bad-1");
        assertThat(bad.get("status").asInt()).isEqualTo(400);
        assertThat(bad.get("endpoint").asText()).isEqualTo("clerk_yearly_sales");
        assertThat(bad.get("family").asText()).isEqualTo("connector");
        assertThat(bad.get("rows").isNull()).isTrue();
        assertThat(bad.get("query_ms").isNull()).isTrue();

        JsonNode missing = logLine("log-missing-1");
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        assertThat(missing.get("endpoint").asText()).isEqualTo("unmatched");

        assertThat(server.accessLog).allSatisfy(entry -> assertThat(entry).doesNotContain("secret", "\n"));
    }

    @Test
    void metricsCountRequestsQueriesThePoolAndTheJvm() throws Exception {
        try (TestServer fresh = TestServer.start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(fresh, "/connector/clerk/1/yearly_sales/1995").statusCode()).isEqualTo(200);
            }
            assertThat(get(fresh, "/snowpark/clerk/1/yearly_sales/0").statusCode()).isEqualTo(400);

            String tags = "endpoint=\"clerk_yearly_sales\",family=\"connector\",status=\"200\"";
            HttpResponse<String> metrics = waitFor(() -> get(fresh, "/metrics"),
                    response -> sample(response.body(), "http_server_requests_seconds_count", tags) == 3
                            && sample(response.body(), "http_server_requests_seconds_count", "endpoint=\"clerk_yearly_sales\",family=\"snowpark\",status=\"400\"") == 1);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            String body = metrics.body();
            assertThat(sample(body, "dataapi_query_seconds_count", tags)).isEqualTo(3);
            assertThat(sample(body, "http_server_requests_seconds_bucket", tags + ",le=\"+Inf\"")).isEqualTo(3);
            assertThat(sample(body, "dataapi_query_rows_count", tags)).isEqualTo(3);
            assertThat(body).contains("hikaricp_connections_active{", "hikaricp_connections_pending{", "hikaricp_connections_acquire_seconds_count{",
                    "hikaricp_connections_timeout_total{", "jvm_memory_used_bytes{", "jvm_gc_", "process_uptime_seconds");
        }
    }

    @Test
    void requestsJettyRefusesBeforeAnyRouteAreLoggedCountedAndCarryARequestId() throws Exception {
        try (TestServer fresh = TestServer.start()) {
            Map<Integer, String> requests = Map.of(
                    431, "GET /connector/customers/top10 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
                    413, "POST /connector/customers/top10 HTTP/1.1\r\nHost: x\r\nX-Request-Id: refused-413\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n",
                    414, "GET /connector/customers/top10/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    400, "\u0001\u0002 / HTTP/1.1\r\n\r\n");
            for (Map.Entry<Integer, String> request : requests.entrySet()) {
                RawHttp.Response response;
                try (RawHttp http = RawHttp.send("127.0.0.1", fresh.port(), request.getValue().getBytes(StandardCharsets.ISO_8859_1))) {
                    response = http.response();
                }
                int status = request.getKey();
                assertThat(response.status()).isEqualTo(status);
                String requestId = response.header("X-Request-Id");
                assertThat(requestId).as("X-Request-Id of the %d", status).isNotBlank();
                if (status == 413) {
                    assertThat(requestId).isEqualTo("refused-413");
                }
                JsonNode line = logLine(fresh, requestId);
                assertThat(line.get("status").asInt()).isEqualTo(status);
                // Named by the path of the request line, when there is one to read; a line Jetty could not read has no method or path.
                boolean lineRead = status == 431 || status == 413;
                assertThat(line.get("method").textValue()).as("method of the %d", status)
                        .isEqualTo(lineRead ? request.getValue().substring(0, request.getValue().indexOf(' ')) : null);
                assertThat(line.get("path").textValue()).as("path of the %d", status)
                        .isEqualTo(lineRead ? "/connector/customers/top10" : null);
                assertThat(line.get("endpoint").asText()).isEqualTo(lineRead ? "customers_top10" : "unmatched");
                assertThat(line.get("family").asText()).isEqualTo(lineRead ? "connector" : "none");
                assertThat(line.get("query_ms").isNull()).isTrue();
                assertThat(line.get("total_ms").asDouble()).isNotNegative();
                assertThat(fresh.accessLog.stream().filter(entry -> entry.contains("\"" + requestId + "\""))).hasSize(1);
            }
            for (int status : requests.keySet()) {
                String tags = (status == 400 || status == 414 ? "endpoint=\"unmatched\",family=\"none\"" : "endpoint=\"customers_top10\",family=\"connector\"")
                        + ",status=\"" + status + "\"";
                waitFor(() -> sample(get(fresh, "/metrics").body(), "http_server_requests_seconds_count", tags), count -> count == 1);
            }
        }
    }

    /**
     * The access checks run before the router, and a 405 runs no route: such requests are logged
     * and counted under the endpoint their path names, with its family; a path no route has is
     * {@code unmatched}.
     */
    @Test
    void requestsNoRouteRanForAreNamedByTheirPath(@TempDir Path work) throws Exception {
        AuthStoreConfig storeConfig = AuthStoreConfig.file(work.resolve("auth"));
        try (AuthStore store = AuthStores.open(storeConfig);
             TestServer builtin = TestServer.start(ServerAccess.of(new AccessConfig(AuthMode.BUILTIN, false, storeConfig, Optional.empty(), List.of(),
                     TrustedProxies.NONE), Optional.of(store), Clock.systemUTC()))) {
            record Expected(String method, String path, int status, String endpoint, String family) {
            }
            List<Expected> requests = List.of(
                    new Expected("GET", "/connector/customers/top10?start_range=1995-01-01", 401, "customers_top10", "connector"),
                    new Expected("GET", "/snowpark/clerk/7/yearly_sales/1995/", 401, "clerk_yearly_sales", "snowpark"),
                    new Expected("HEAD", "/openapi.json", 401, "/openapi.json", "none"),
                    new Expected("GET", "/no/such/path", 401, "unmatched", "none"),
                    new Expected("DELETE", "/oauth/token", 405, "/oauth/token", "none"),
                    new Expected("GET", "/login", 200, "/login", "none"));
            for (int i = 0; i < requests.size(); i++) {
                Expected expected = requests.get(i);
                String requestId = "named-" + i;
                HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri(builtin, expected.path()))
                        .method(expected.method(), HttpRequest.BodyPublishers.noBody())
                        .header("X-Request-Id", requestId).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(expected.toString()).isEqualTo(expected.status());
                JsonNode line = logLine(builtin, requestId);
                assertThat(line.get("endpoint").asText()).as(expected.toString()).isEqualTo(expected.endpoint());
                assertThat(line.get("family").asText()).as(expected.toString()).isEqualTo(expected.family());
            }
            String tags = "endpoint=\"customers_top10\",family=\"connector\",status=\"401\"";
            waitFor(() -> sample(get(builtin, "/metrics").body(), "http_server_requests_seconds_count", tags), count -> count == 1);
        }
        // Without access checks, a 405 is named by its path as well.
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(uri(server, "/connector/customers/top10"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Request-Id", "named-405").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        JsonNode line = logLine("named-405");
        assertThat(line.get("endpoint").asText()).isEqualTo("customers_top10");
        assertThat(line.get("family").asText()).isEqualTo("connector");
    }

    /**
     * A path with one trailing slash is the resource without it, as the router reads it: the same
     * answer and ETag, one result cache entry, and the same endpoint in the access log and the
     * metrics; the log's path is the one the client sent.
     */
    @Test
    void aTrailingSlashNamesTheSameResourceEverywhere() throws Exception {
        try (TestServer cached = TestServer.start(TpchTables.ordersOnly(new OrdersTable("orders")),
                new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()), 2, Duration.ofSeconds(5))) {
            String query = "?start_range=1995-03-01&end_range=1995-03-09";
            HttpResponse<String> plain = send(cached, "/connector/customers/top10" + query, "X-Request-Id", "slash-0");
            HttpResponse<String> slash = send(cached, "/connector/customers/top10/" + query, "X-Request-Id", "slash-1");
            assertThat(slash.statusCode()).isEqualTo(plain.statusCode()).isEqualTo(200);
            assertThat(slash.body()).isEqualTo(plain.body());
            assertThat(slash.headers().firstValue("ETag")).isPresent().isEqualTo(plain.headers().firstValue("ETag"));
            assertThat(slash.headers().firstValue("Server-Timing")).as("answered from the first one's cache entry").hasValue("cache;desc=hit");
            for (String path : List.of("/healthz/", "/openapi.json/", "/connector/clerk/1/yearly_sales/1995/")) {
                assertThat(get(cached, path).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(get(cached, "/connector/customers/top10//").statusCode()).as("one slash, not more").isEqualTo(404);

            JsonNode plainLine = logLine(cached, "slash-0");
            JsonNode slashLine = logLine(cached, "slash-1");
            assertThat(slashLine.get("path").asText()).isEqualTo("/connector/customers/top10/");
            assertThat(slashLine.get("endpoint").asText()).isEqualTo(plainLine.get("endpoint").asText()).isEqualTo("customers_top10");
            assertThat(slashLine.get("family").asText()).isEqualTo(plainLine.get("family").asText()).isEqualTo("connector");
            waitFor(() -> sample(get(cached, "/metrics").body(), "http_server_requests_seconds_count",
                    "endpoint=\"customers_top10\",family=\"connector\",status=\"200\""), count -> count == 2);
        }
    }

    /**
     * With a metrics port, {@code /metrics} is served there alone: the API's port answers it as any
     * path it does not have, and neither its test page nor its description names it. The metrics
     * port counts the API's requests and serves the probes, and nothing else: a report's path is a
     * 404 there, under no endpoint's name, that runs no query. Only GET and HEAD are served.
     */
    @Test
    void withAMetricsPortTheMetricsAreServedThereAndNotOnTheApisPort() throws Exception {
        try (TestServer split = TestServer.withMetricsPort(ServerAccess.open())) {
            int api = split.port();
            int metrics = split.metricsPort();
            assertThat(metrics).isNotEqualTo(api);
            HttpResponse<String> onApi = get(api, "/metrics");
            assertThat(onApi.statusCode()).isEqualTo(404);
            assertThat(onApi.body()).isEqualTo("{\"error\":\"Not found!\"}");
            assertThat(onApi.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(get(api, "/test").body()).contains("href=\"/docs\"").doesNotContain("/metrics");
            assertThat(get(api, "/openapi.json").body()).doesNotContain("/metrics");

            String tags = "endpoint=\"clerk_yearly_sales\",family=\"connector\",status=\"200\"";
            // No series yet is a count of 0.
            double before = Math.max(0, sample(get(metrics, "/metrics").body(), "http_server_requests_seconds_count", tags));
            assertThat(get(api, "/connector/clerk/1/yearly_sales/1995").statusCode()).isEqualTo(200);
            HttpResponse<String> scrape = waitFor(() -> get(metrics, "/metrics"),
                    response -> sample(response.body(), "http_server_requests_seconds_count", tags) > before);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(sample(scrape.body(), "http_server_requests_seconds_count", tags) - before).isEqualTo(1);

            assertThat(get(metrics, "/healthz").body()).isEqualTo("{\"status\":\"alive\"}");
            assertThat(get(metrics, "/readyz").body()).isEqualTo("{\"status\":\"ready\"}");
            assertThat(get(api, "/readyz").statusCode()).as("the probes stay on the API's port").isEqualTo(200);

            HttpResponse<String> report = send(metrics, "/connector/customers/top10", "X-Request-Id", "metrics-port-report");
            assertThat(report.statusCode()).isEqualTo(404);
            assertThat(report.body()).isEqualTo("{\"error\":\"Not found!\"}");
            JsonNode line = logLine(split, "metrics-port-report");
            assertThat(line.get("endpoint").asText()).isEqualTo("unmatched");
            assertThat(line.get("query_ms").isNull()).isTrue();
            assertThat(sample(get(metrics, "/metrics").body(), "dataapi_query_seconds_count", "endpoint=\"customers_top10\""))
                    .as("no top 10 ran").isEqualTo(-1);

            HttpResponse<String> post = Http.send(metrics, "POST", "/metrics");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            HttpResponse<String> head = Http.send(metrics, "HEAD", "/metrics");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    /**
     * The metrics port asks for no credentials in built-in mode, as a scraper carries none; the API's
     * port answers {@code /metrics} without them as any path it does not have: 401, which tells a
     * caller without credentials nothing of which paths exist.
     */
    @Test
    void theMetricsPortNeedsNoCredentialsAndTheApisPortRefusesMetricsAsAnUnknownPath(@TempDir Path work) throws Exception {
        AuthStoreConfig storeConfig = AuthStoreConfig.file(work.resolve("auth"));
        try (AuthStore store = AuthStores.open(storeConfig);
             TestServer split = TestServer.withMetricsPort(ServerAccess.of(new AccessConfig(AuthMode.BUILTIN, false, storeConfig, Optional.empty(),
                     List.of(), TrustedProxies.NONE), Optional.of(store), Clock.systemUTC()))) {
            for (String path : List.of("/metrics", "/healthz", "/readyz")) {
                assertThat(get(split.metricsPort(), path).statusCode()).as(path).isEqualTo(200);
            }
            HttpResponse<String> metrics = get(split.port(), "/metrics");
            HttpResponse<String> unknown = get(split.port(), "/no/such/path");
            assertThat(metrics.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(401);
            assertThat(metrics.body()).isEqualTo(unknown.body());
            assertThat(get(split.port(), "/readyz").statusCode()).isEqualTo(200);
        }
    }

    /** The metrics port speaks plain HTTP when the API's port speaks HTTPS: it is meant for an internal network. */
    @Test
    void theMetricsPortSpeaksPlainHttpBesideAnHttpsPort(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        try (TestServer split = TestServer.withMetricsPort(new ServerAccess(AccessGate.none(), Optional.of(tls.files()), List.of(), TrustedProxies.NONE))) {
            HttpResponse<String> scrape = get(split.metricsPort(), "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("jvm_memory_used_bytes{");
            assertThat(get(split.port(), "/healthz").body()).startsWith("{\"error\":\"This port speaks HTTPS");
        }
    }

    /** Closing the server stops both listeners. */
    @Test
    void closingTheServerStopsTheMetricsPortToo() throws Exception {
        TestServer split = TestServer.withMetricsPort(ServerAccess.open());
        int metrics = split.metricsPort();
        assertThat(get(metrics, "/healthz").statusCode()).isEqualTo(200);
        split.close();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), metrics).close()).isInstanceOf(ConnectException.class);
    }

    /**
     * A metrics port in use stops the start with the error a port in use gives, and the API's port,
     * bound first, is given back.
     */
    @Test
    void aMetricsPortInUseStopsTheStartAndGivesTheApisPortBack() throws Exception {
        int apiPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = free.getLocalPort();
        }
        ServerConfig base = TestData.serverConfig();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig config = new ServerConfig(base.host(), apiPort, OptionalInt.of(taken.getLocalPort()), base.embedded(), base.poolSize(),
                    base.poolWait(), base.cache(), base.warehouse(), base.ordersTable(), base.postgres(), base.snowflake(), base.limits(),
                    base.access(), List.of());
            assertThatThrownBy(() -> DataApi.start(config))
                    .hasMessage("cannot listen on " + base.host() + " port " + taken.getLocalPort() + ": Address already in use");
        }
        try (ServerSocket api = new ServerSocket(apiPort, 1, InetAddress.getLoopbackAddress())) {
            assertThat(api.getLocalPort()).isEqualTo(apiPort);
        }
    }

    /** The value of a sample whose labels begin with {@code labels}, or -1. */
    private static double sample(String exposition, String name, String labels) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name + "{" + labels) + "[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    private JsonNode logLine(String requestId) throws Exception {
        return logLine(server, requestId);
    }

    private static JsonNode logLine(TestServer server, String requestId) throws Exception {
        String line = waitFor(() -> server.accessLog.stream().filter(entry -> entry.contains("\"" + requestId + "\"")).findFirst().orElse(null),
                found -> found != null);
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("request_id").asText()).isEqualTo(requestId);
        return node;
    }

    /** The access log and the metrics are written after the response, so a test waits a little for them. */
    private static <T> T waitFor(Attempt<T> attempt, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T result = attempt.get();
        while (!done.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            result = attempt.get();
        }
        assertThat(done.test(result)).as("within 10 s: " + result).isTrue();
        return result;
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T get() throws Exception;
    }

    private static HttpResponse<String> get(TestServer server, String path) throws IOException, InterruptedException {
        return get(server.port(), path);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(TestServer server, String path, String header, String value) throws IOException, InterruptedException {
        return send(server.port(), path, header, value);
    }

    private static HttpResponse<String> send(int port, String path, String header, String value) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(port, path)).header(header, value).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(TestServer server, String path) {
        return uri(server.port(), path);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
