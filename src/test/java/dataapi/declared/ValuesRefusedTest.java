package dataapi.declared;

import dataapi.Await;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.StandardError;
import dataapi.Started;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.CacheConfig;
import dataapi.config.CacheLifetime;
import dataapi.config.RequestLimits;
import dataapi.config.ServerConfig;
import dataapi.http.WarningFlood;
import dataapi.warehouse.PostgresConnections;
import io.trino.tpch.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dataapi.declared.DeclaredEndpointsTest.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values that pass their parameters' checks but that the warehouse cannot compute an answer for as the
 * query runs, on the embedded DuckDB and on PostgreSQL, each server with its result cache: each is a
 * 400 that says what kind of value failed and names neither the value nor the SQL, is logged in one
 * line, and reaches the warehouse again when it is asked again, while the endpoint's other values are
 * answered (and cached) as before. A query that runs with no value the request gave (none at all, a default, an
 * optional parameter's NULL) keeps its 500.
 */
class ValuesRefusedTest {
    private static final String OUT_OF_RANGE = refusal("a number out of range");
    private static final String NOT_CONVERTIBLE = refusal("a value that does not convert");
    private static final String DIVISION_BY_ZERO = refusal("division by zero");
    private static final String NEGATIVE_ROW_COUNT = refusal("a negative row count");
    private static final String WAREHOUSE_FAILED = "{\"error\":\"Error reading from the warehouse. Check the logs for details.\"}";
    private static final String INTERNAL_ERROR = "{\"error\":\"Internal server error. Check the logs for details.\"}";
    private static final String INTEGER = "{\"name\": \"N\", \"type\": \"integer\"}";

    /** Endpoints both warehouses serve alike. */
    private static final List<String> BOTH = List.of(
            endpoint("cast_integer", "SELECT CAST(:n AS INTEGER) AS n", "{\"name\": \"n\", \"type\": \"integer\", \"example\": \"1\"}", INTEGER),
            // LIMIT and OFFSET read a LEAST(...), not the marker, so the start asks no min of 0 of them.
            endpoint("first_orders", "SELECT o_orderkey AS n FROM orders ORDER BY o_orderkey LIMIT LEAST(:n, 5) OFFSET LEAST(:o, 5)",
                    "{\"name\": \"n\", \"type\": \"integer\", \"example\": \"2\"}, {\"name\": \"o\", \"type\": \"integer\", \"default\": \"0\"}",
                    INTEGER),
            // A string reaches a number or a date through text, as the start asks of a string the warehouse reads as either.
            endpoint("text_to_integer", "SELECT CAST(CAST(:s AS VARCHAR) AS INTEGER) AS n",
                    "{\"name\": \"s\", \"type\": \"string\", \"example\": \"1\"}", INTEGER),
            endpoint("text_to_date", "SELECT CAST(CAST(:s AS VARCHAR) AS DATE) AS d",
                    "{\"name\": \"s\", \"type\": \"string\", \"example\": \"1995-01-01\"}", "{\"name\": \"D\", \"type\": \"string\"}"),
            // No value of the request's: 15,000 orders times the largest INTEGER is no INTEGER on either warehouse.
            endpoint("overflow", "SELECT CAST(COUNT(*) AS INTEGER) * 2147483647 AS n FROM orders", "", INTEGER),
            // A default no INTEGER holds is the deployer's mistake; the same value given by a request is the request's.
            endpoint("cast_default", "SELECT CAST(:n AS INTEGER) AS n", "{\"name\": \"n\", \"type\": \"integer\", \"default\": \"3000000000\"}",
                    INTEGER),
            // Left out, the optional value is NULL and the SQL's own text takes its place.
            endpoint("optional_text", "SELECT CAST(COALESCE(CAST(:s AS VARCHAR), 'x') AS INTEGER) AS n",
                    "{\"name\": \"s\", \"type\": \"string\", \"required\": false, \"example\": \"1\"}", INTEGER));

    private static TestPostgres postgres;
    private static DataApi duckDb;
    private static DataApi onPostgres;
    private static List<Long> orderKeys;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
        postgres.loadOrders();
        Path duckDbFile = endpointsFile("duckdb.json", List.of(
                // DuckDB's / is a DOUBLE's division, whose quotient by zero is infinite; its // gives NULL, and so does a NULLIF's NULL.
                endpoint("ratio", "SELECT 100 / CAST(:d AS BIGINT) AS q", "{\"name\": \"d\", \"type\": \"integer\", \"example\": \"1\"}",
                        "{\"name\": \"Q\", \"type\": \"double\"}"),
                endpoint("quotient", "SELECT 100 // CAST(:d AS BIGINT) AS q", "{\"name\": \"d\", \"type\": \"integer\", \"example\": \"1\"}",
                        "{\"name\": \"Q\", \"type\": \"integer\"}"),
                endpoint("ratio_or_null", "SELECT 100 / NULLIF(CAST(:d AS BIGINT), 0) AS q", "{\"name\": \"d\", \"type\": \"integer\", \"example\": \"1\"}",
                        "{\"name\": \"Q\", \"type\": \"double\"}"),
                endpoint("by_clerk", "SELECT COUNT(*) AS n FROM orders WHERE o_clerk = :n",
                        "{\"name\": \"n\", \"type\": \"integer\", \"example\": \"1\"}", INTEGER)));
        Path postgresFile = endpointsFile("postgres.json", List.of(
                endpoint("ratio", "SELECT 100 / :d AS q", "{\"name\": \"d\", \"type\": \"integer\", \"example\": \"1\"}",
                        "{\"name\": \"Q\", \"type\": \"integer\"}"),
                endpoint("zero", "SELECT 100 / (COUNT(*) - COUNT(*)) AS q FROM orders", "", "{\"name\": \"Q\", \"type\": \"integer\"}"),
                endpoint("numeric", "SELECT CAST(CAST(:v AS VARCHAR) AS numeric) AS v", "{\"name\": \"v\", \"type\": \"string\", \"example\": \"1\"}",
                        "{\"name\": \"V\", \"type\": \"decimal\"}")));
        duckDb = DataApi.start(cached(TestData.serverConfig()).withDeclaredEndpoints(EndpointsFile.read(duckDbFile)));
        onPostgres = DataApi.start(cached(TestData.postgresServerConfig(postgres.config(), 2, Duration.ofSeconds(5), RequestLimits.DEFAULTS))
                .withDeclaredEndpoints(EndpointsFile.read(postgresFile)));
        orderKeys = new OrdersOracle(TestData.SCALE.asDouble()).orders().stream().map(Order::getOrderKey).sorted().toList();
    }

    @AfterAll
    static void stop() throws Exception {
        Started.closeAll(duckDb, onPostgres, postgres);
    }

    @Test
    void aValueTheWarehouseCannotComputeWithIsA400ThatSaysWhatKindItIsOnBothWarehouses() throws Exception {
        for (DataApi api : List.of(duckDb, onPostgres)) {
            assertRefused(api, "cast_integer", Map.of("n=3000000000", OUT_OF_RANGE, "n=-2147483649", OUT_OF_RANGE),
                    Map.of("n=2147483647", "[{\"N\":2147483647}]", "n=-2147483648", "[{\"N\":-2147483648}]"));
            assertRefused(api, "first_orders", Map.of("n=-1", NEGATIVE_ROW_COUNT, "n=2&o=-1", NEGATIVE_ROW_COUNT),
                    Map.of("n=3&o=1", keys(1, 4), "n=9", keys(0, 5), "n=0", "[]"));
            assertRefused(api, "text_to_integer", Map.of("s=x", NOT_CONVERTIBLE, "s=12a", NOT_CONVERTIBLE),
                    Map.of("s=-42", "[{\"N\":-42}]", "s=2147483647", "[{\"N\":2147483647}]"));
            assertRefused(api, "text_to_date", Map.of("s=1995-02-30", NOT_CONVERTIBLE, "s=x", NOT_CONVERTIBLE),
                    Map.of("s=1996-02-29", "[{\"D\":\"1996-02-29\"}]"));
        }
        // On PostgreSQL, an integer's division by zero is an error; on DuckDB it is none (below).
        assertRefused(onPostgres, "ratio", Map.of("d=0", DIVISION_BY_ZERO), Map.of("d=7", "[{\"Q\":" + 100 / 7 + "}]", "d=-3", "[{\"Q\":" + 100 / -3 + "}]"));
    }

    /** One line, naming the request and saying what the warehouse said, with no stack trace: it would come with every such request. */
    @Test
    void theLogSaysWhatTheWarehouseSaidInOneLine() throws Exception {
        Map<DataApi, String> said = Map.of(
                duckDb, "Conversion Error: Type INT64 with value 3000000001 can't be cast because the value is out of range for the destination type INT32",
                onPostgres, "ERROR: integer out of range");
        // The tests before may have used this second's warning lines (at most ten a second are logged).
        Thread.sleep(1100);
        for (Map.Entry<DataApi, String> warehouse : said.entrySet()) {
            String logged = StandardError.during(() -> assertThat(Http.get(warehouse.getKey().port(), "/connector/cast_integer?n=3000000001").body())
                    .isEqualTo(OUT_OF_RANGE));
            // Beside the count of the warnings left out before, if any.
            assertThat(logged.lines().filter(line -> !line.contains("more warnings like the ones here were left out")))
                    .singleElement().asString().contains("[WARN]",
                    "GET /connector/cast_integer: the warehouse could not compute the answer for the request's values: " + warehouse.getValue());
        }
    }

    /** Any caller can have the warehouse refuse its values at will: a flood of them logs at most ten lines a second. */
    @Test
    void refusedValuesBeyondTheLogsLimitAreCountedNotLogged() throws Exception {
        WarningFlood.assertLoggedOrCounted(
                Pattern.compile("\\[WARN] ApiServer - GET /connector/cast_integer: the warehouse could not compute the answer"),
                100, () -> assertThat(Http.get(duckDb.port(), "/connector/cast_integer?n=3000000001").body()).isEqualTo(OUT_OF_RANGE));
    }

    /** A query that runs with no value of the request's cannot blame the request: the warehouse failed it, as any other failure. */
    @Test
    void aQueryWithoutValuesThatTheWarehouseCannotComputeIsA500() throws Exception {
        for (DataApi api : List.of(duckDb, onPostgres)) {
            assertFailed(api, "/connector/overflow", WAREHOUSE_FAILED);
        }
        assertFailed(onPostgres, "/connector/zero", WAREHOUSE_FAILED);
    }

    /**
     * A query whose values are all the server's, a default or an optional parameter's NULL in place of the one the request
     * left out or sent empty, cannot blame the request: a 500, as any other failure. The same endpoint given the value that
     * fails by the request is a 400, and any other value an answer.
     */
    @Test
    void aValueTheRequestDidNotGiveIsNoRefusalOfItsValues() throws Exception {
        for (DataApi api : List.of(duckDb, onPostgres)) {
            String logged = StandardError.during(() -> assertFailed(api, "/connector/cast_default", WAREHOUSE_FAILED));
            assertThat(logged).contains("[ERROR]", "GET /connector/cast_default: the warehouse failed the query").doesNotContain("could not compute");
            for (String path : List.of("/connector/cast_default?n=", "/connector/optional_text", "/connector/optional_text?s=")) {
                assertFailed(api, path, WAREHOUSE_FAILED);
            }
            assertRefused(api, "cast_default", Map.of("n=3000000000", OUT_OF_RANGE), Map.of("n=7", "[{\"N\":7}]"));
            assertRefused(api, "optional_text", Map.of("s=x", NOT_CONVERTIBLE), Map.of("s=12", "[{\"N\":12}]"));
        }
    }

    /**
     * PostgreSQL's driver says 22003, a data exception, of a numeric NaN it cannot read as a BigDecimal: that is
     * the driver reading the rows, after the warehouse ran the query, and the declared column's doing (a decimal
     * column has no JSON number for it), not a refusal of the value.
     */
    @Test
    void aValueTheDriverCannotReadIsNoRefusalOfTheValues() throws Exception {
        assertThat(Http.get(onPostgres.port(), "/connector/numeric?v=1.5").body()).isEqualTo("[{\"V\":1.5}]");
        assertFailed(onPostgres, "/connector/numeric?v=NaN", INTERNAL_ERROR);
    }

    /**
     * On DuckDB an integer compared with a text column makes the column's text numbers, which fails whatever the
     * value: DuckDB names the column, and the failure is the SQL's, a 500, logged in one line that names the endpoint
     * and the column. Its division by zero is no error.
     */
    @Test
    void onDuckDbAColumnThatDoesNotConvertIsA500AndADivisionByZeroNoError() throws Exception {
        String logged = StandardError.during(() -> assertFailed(duckDb, "/connector/by_clerk?n=1", WAREHOUSE_FAILED));
        assertThat(logged.lines()).singleElement().asString().contains("[ERROR]", "GET /connector/by_clerk: endpoint by_clerk: its SQL compares"
                + " column o_clerk with a value of another type, which the warehouse converts the column's values to, and one did not convert:"
                + " declare the parameter of the column's type, or CAST it in the SQL (Conversion Error: Could not convert string 'Clerk#");
        assertThat(Http.get(duckDb.port(), "/connector/ratio?d=8").body()).isEqualTo("[{\"Q\":12.5}]");
        // An infinity has no JSON number, which the column's type says.
        assertFailed(duckDb, "/connector/ratio?d=0", INTERNAL_ERROR);
        assertThat(Http.get(duckDb.port(), "/connector/ratio_or_null?d=0").body()).isEqualTo("[{\"Q\":null}]");
        assertThat(Http.get(duckDb.port(), "/connector/quotient?d=0").body()).isEqualTo("[{\"Q\":null}]");
        assertThat(Http.get(duckDb.port(), "/connector/quotient?d=7").body()).isEqualTo("[{\"Q\":" + 100 / 7 + "}]");
    }

    /**
     * Each query string of {@code refused} is answered its error, twice, each time by the warehouse; each of
     * {@code answered} its rows, the second time from the cache. No answer carries the value or the SQL.
     */
    /**
     * On PostgreSQL, where a declared endpoint's query runs in a transaction (so that a long answer comes a
     * batch at a time), each ends its transaction, refused or not: none is left open on an idle connection,
     * holding its tables' locks or failing the next query.
     */
    @Test
    void noPooledConnectionIsLeftInATransactionOnPostgres() throws Exception {
        assertRefused(onPostgres, "ratio", Map.of("d=0", DIVISION_BY_ZERO), Map.of("d=9", "[{\"Q\":" + 100 / 9 + "}]"));
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet sessions = statement.executeQuery("SELECT state FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND application_name = '" + PostgresConnections.APPLICATION_NAME + "'")) {
            List<String> states = new ArrayList<>();
            while (sessions.next()) {
                states.add(sessions.getString(1));
            }
            assertThat(states).as("the server's pooled connections").hasSize(2).containsOnly("idle");
        }
    }

    private static void assertRefused(DataApi api, String endpoint, Map<String, String> refused, Map<String, String> answered) throws Exception {
        String path = "/connector/" + endpoint + "?";
        double queriesBefore = Math.max(0, metric(api, endpoint, "dataapi_query_seconds_count", "status=\"400\""));
        double requestsBefore = Math.max(0, metric(api, endpoint, "http_server_requests_seconds_count", "status=\"400\""));
        double answersBefore = Math.max(0, metric(api, endpoint, "dataapi_query_seconds_count", "status=\"200\""));
        for (Map.Entry<String, String> request : refused.entrySet()) {
            String value = request.getKey().substring(request.getKey().lastIndexOf('=') + 1);
            for (int time = 1; time <= 2; time++) {
                HttpResponse<String> response = Http.get(api.port(), path + request.getKey());
                assertThat(response.statusCode()).as(endpoint + " " + request.getKey() + ": " + response.body()).isEqualTo(400);
                assertThat(response.body()).as(request.getKey()).isEqualTo(request.getValue())
                        .doesNotContain(value).doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("cast");
            }
        }
        for (Map.Entry<String, String> request : answered.entrySet()) {
            for (int time = 1; time <= 2; time++) {
                HttpResponse<String> response = Http.get(api.port(), path + request.getKey());
                assertThat(response.statusCode()).as(endpoint + " " + request.getKey() + ": " + response.body()).isEqualTo(200);
                assertThat(response.body()).as(request.getKey()).isEqualTo(request.getValue());
            }
        }
        int refusals = 2 * refused.size();
        Await.until(() -> metric(api, endpoint, "http_server_requests_seconds_count", "status=\"400\"") == requestsBefore + refusals
                && metric(api, endpoint, "dataapi_query_seconds_count", "status=\"400\"") == queriesBefore + refusals
                && metric(api, endpoint, "dataapi_query_seconds_count", "status=\"200\"") == answersBefore + answered.size(),
                endpoint + ": each refusal counted as a 400 whose query ran, each answer's query run once");
    }

    private static void assertFailed(DataApi api, String path, String error) throws Exception {
        HttpResponse<String> response = Http.get(api.port(), path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(500);
        assertThat(response.body()).as(path).isEqualTo(error);
    }

    /** The answer of first_orders: the order keys from {@code from} to {@code to} (exclusive), in order, from the generator's rows. */
    private static String keys(int from, int to) {
        return orderKeys.subList(from, to).stream().map(key -> "{\"N\":" + key + "}").collect(Collectors.joining(",", "[", "]"));
    }

    private static String refusal(String what) {
        return "{\"error\":\"The warehouse could not compute the answer for the values given: " + what + ".\"}";
    }

    private static String endpoint(String id, String sql, String parameters, String columns) {
        return """
                {"id": "%s", "title": "%s", "path": "/%s", "parameters": [%s], "sql": "%s", "columns": [%s]}""".formatted(id, id, id, parameters, sql, columns);
    }

    /** An endpoints file of the endpoints both warehouses serve and {@code own}. */
    private static Path endpointsFile(String name, List<String> own) throws Exception {
        return Files.writeString(work.resolve(name), Stream.concat(BOTH.stream(), own.stream())
                .collect(Collectors.joining(",\n", "{\"endpoints\": [", "]}")));
    }

    /** {@code config} with a result cache, so that an answer the cache would hold is seen to come from it. */
    private static ServerConfig cached(ServerConfig config) {
        return config.withCache(new CacheConfig(1 << 20, CacheLifetime.FOREVER));
    }
}
