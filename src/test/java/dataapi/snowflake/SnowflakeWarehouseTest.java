package dataapi.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import dataapi.Await;
import dataapi.ColumnKinds;
import dataapi.DataApi;
import dataapi.ExpectedText;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.RawHttp;
import dataapi.ServerProcess;
import dataapi.StandardError;
import dataapi.Started;
import dataapi.TestData;
import dataapi.config.RequestLimits;
import dataapi.config.ServerConfig;
import dataapi.config.SnowflakeConfig;
import dataapi.config.WarehouseKind;
import dataapi.declared.EndpointsFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server on {@code --warehouse snowflake}, end to end: HTTP requests to the server, the real
 * Snowflake JDBC driver and a real Snowpark for Java session, Snowflake's HTTP protocol, answered
 * by {@link SnowflakeDouble} from the same TPC-H rows the embedded warehouse holds.
 */
class SnowflakeWarehouseTest {
    private static final String USER = "API_USER";
    private static final String PAT = "pat-secret";
    private static final String WAREHOUSE_FAILED = "{\"error\":\"Error reading from the warehouse. Check the logs for details.\"}";

    private static SnowflakeDouble snowflake;
    private static DataApi embedded;
    private static DataApi api;

    @BeforeAll
    static void start() throws Exception {
        snowflake = new SnowflakeDouble(TestData.database(),
                login -> login.path("LOGIN_NAME").asText().equals(USER) && login.path("PASSWORD").asText().equals(PAT));
        embedded = DataApi.start(TestData.serverConfig());
        api = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT));
    }

    @AfterAll
    static void stop() throws Exception {
        Started.closeAll(api, embedded, snowflake);
    }

    static ServerConfig serverConfig(String ordersTable, String password) throws Exception {
        return serverConfig(ordersTable, password, RequestLimits.DEFAULTS);
    }

    static ServerConfig serverConfig(String ordersTable, String password, RequestLimits limits) throws Exception {
        return serverConfig(ordersTable, password, limits, SnowflakeConfig.DEFAULT_LOGIN_TIMEOUT);
    }

    static ServerConfig serverConfig(String ordersTable, String password, RequestLimits limits, Duration loginTimeout) throws Exception {
        SnowflakeConfig config = new SnowflakeConfig("dataapi_test", "127.0.0.1", snowflake.port(), "http", "COMPUTE_WH",
                Optional.of("API_DB"), Optional.of("PUBLIC"), new SnowflakeConfig.Password(USER, password), Duration.ofMinutes(10),
                loginTimeout);
        ServerConfig base = TestData.serverConfig();
        return new ServerConfig(base.host(), 0, OptionalInt.empty(), base.embedded(), 2, Duration.ofSeconds(10), base.cache(),
                WarehouseKind.SNOWFLAKE, ordersTable, Optional.empty(), Optional.of(config), limits, base.access(), List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/customers/top10",
            "/customers/top10?start_range=1995-02-01&end_range=1995-02-14",
            "/customers/top10?start_range=1992-01-01&end_range=1998-12-31",
            "/customers/top10?start_range=1996-1-2&end_range=1996-1-2",
            "/customers/top10?start_range=2000-01-01&end_range=2000-12-31",
            "/clerk/000000002/yearly_sales/1995",
            "/clerk/2/yearly_sales/1996",
            "/clerk/000000010/yearly_sales/1993",
            "/clerk/000000999/yearly_sales/1998",
            "/clerk/999999999/yearly_sales/1995",
            "/clerk/1/yearly_sales/2005",
    })
    void bothFamiliesAnswerExactlyAsTheEmbeddedWarehouse(String pathAndQuery) throws Exception {
        for (String family : List.of("/connector", "/snowpark")) {
            HttpResponse<String> expected = Http.get(embedded.port(), family + pathAndQuery);
            HttpResponse<String> actual = Http.get(api.port(), family + pathAndQuery);
            assertThat(expected.statusCode()).isEqualTo(200);
            assertThat(actual.statusCode()).as(family + pathAndQuery).isEqualTo(200);
            assertThat(actual.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(actual.body()).as(family + pathAndQuery).isEqualTo(expected.body());
        }
    }

    /**
     * An account that does not answer keeps the start in the drivers' login retries up to the login timeout:
     * the log names where it is logging in meanwhile, and no secret; then the start stops, naming the error.
     */
    @Test
    void theStartNamesTheAccountItIsLoggingInTo(@TempDir Path dataDir) throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Path log = dataDir.resolve("serve.log");
        Process serve = ServerProcess.start(List.of("-cp", System.getProperty("java.class.path"), "dataapi.Main"),
                settings(closed), log, List.of("serve", "--warehouse", "snowflake", "--port", "0", "--data-dir", dataDir.toString()));
        try {
            List<String> lines = ServerProcess.awaitLine(serve, log, "Logging in to");
            assertThat(lines).filteredOn(line -> line.contains("Logging in to")).singleElement().asString()
                    .endsWith("[INFO] SnowflakeBackend - Logging in to Snowflake account dataapi_test at http://127.0.0.1:" + closed
                            + ", warehouse COMPUTE_WH, as user " + USER + "; an account that does not answer stops the start within "
                            + SnowflakeConfig.DEFAULT_LOGIN_TIMEOUT.toSeconds() + " s");
            assertThat(serve.isAlive()).as("still trying").isTrue();
            assertThat(String.join("\n", lines)).doesNotContain(PAT);
            assertThat(serve.waitFor(SnowflakeConfig.DEFAULT_LOGIN_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS)).as("the start stops").isTrue();
            assertThat(serve.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log)).contains("Connection refused").doesNotContain(PAT);
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /** A server's settings for the double, or another Snowflake, at 127.0.0.1:{@code port}. */
    private static Map<String, String> settings(int port) {
        return Map.of("SNOWFLAKE_ACCOUNT", "dataapi_test", "SNOWFLAKE_HOST", "127.0.0.1", "SNOWFLAKE_PORT", Integer.toString(port),
                "SNOWFLAKE_PROTOCOL", "http", "SNOWFLAKE_WAREHOUSE", "COMPUTE_WH", "SNOWFLAKE_USER", USER, "SNOWFLAKE_PASSWORD", PAT);
    }

    /**
     * A server whose JVM runs west or east of UTC asks Snowflake for the days it was asked for. The
     * driver sends a DATE as the UTC midnight of the day the {@link java.sql.Date} has in the JVM's
     * zone: west of UTC, a Date made at UTC midnight would ask for the day before; east of it, a
     * driver that sent the Date's instant as it is would. A one-day range shows either.
     */
    @ParameterizedTest
    @ValueSource(strings = {"America/Los_Angeles", "Asia/Tokyo"})
    void aServerInAnotherTimeZoneAsksForTheSameDays(String zone, @TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("serve.log");
        Process serve = ServerProcess.start(List.of("-Duser.timezone=" + zone, "-cp", System.getProperty("java.class.path"), "dataapi.Main"),
                settings(snowflake.port()), log, List.of("serve", "--warehouse", "snowflake", "--port", "0", "--orders-table", SnowflakeDouble.ORDERS,
                        "--data-dir", dataDir.toString()));
        try {
            int port = ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log)).getPort();
            for (String family : List.of("/connector", "/snowpark")) {
                for (String pathAndQuery : List.of("/customers/top10?start_range=1996-01-02&end_range=1996-01-02",
                        "/customers/top10?start_range=1995-01-01&end_range=1995-03-31")) {
                    String expected = Http.get(embedded.port(), family + pathAndQuery).body();
                    assertThat(expected).startsWith("[{");
                    assertThat(Http.get(port, family + pathAndQuery).body()).as(zone + " " + family + pathAndQuery).isEqualTo(expected);
                }
            }
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /**
     * The shipped declared endpoints, with Snowflake's name of ORDERS, are checked with Snowflake at
     * start (prepared, not run) and answer as on the embedded warehouse.
     */
    @Test
    void declaredEndpointsAnswerAsOnTheEmbeddedWarehouse(@TempDir Path work) throws Exception {
        Path example = Path.of("examples", "endpoints.json");
        Path onSnowflake = Files.writeString(work.resolve("endpoints.json"), Files.readString(example)
                .replace("FROM orders", "FROM " + SnowflakeDouble.ORDERS));
        try (DataApi withDeclared = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT).withDeclaredEndpoints(EndpointsFile.read(onSnowflake)));
             DataApi embeddedWithDeclared = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(example)))) {
            for (String path : List.of("/connector/orders/by_priority?start_range=1995-02-01&end_range=1995-02-14",
                    "/connector/customers/370/orders?limit=5")) {
                HttpResponse<String> actual = Http.get(withDeclared.port(), path);
                assertThat(actual.statusCode()).as(path).isEqualTo(200);
                assertThat(actual.body()).as(path).startsWith("[{").isEqualTo(Http.get(embeddedWithDeclared.port(), path).body());
            }
        }
    }

    /**
     * Snowflake's driver sends a decimal as a FIXED value of its digits (BigDecimal.toString, so 1E-17 for a
     * small one), which the double binds back as a BigDecimal: each count is the one plain Java makes of the
     * generator's rows, a value a little below a price counting that price's orders.
     */
    @Test
    void aDecimalIsBoundWithAllItsDigits(@TempDir Path work) throws Exception {
        String declared = """
                {"endpoints": [{"id": "orders_above", "title": "Orders above a price", "path": "/orders/above",
                  "parameters": [{"name": "min_price", "type": "decimal", "example": "1000.50"}],
                  "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_totalprice > :min_price", "columns": [{"name": "N", "type": "integer"}]}]}""";
        Path onSnowflake = Files.writeString(work.resolve("snowflake.json"), declared.replace("FROM orders", "FROM " + SnowflakeDouble.ORDERS));
        List<BigDecimal> prices = new OrdersOracle(TestData.SCALE.asDouble()).orders().stream()
                .map(order -> BigDecimal.valueOf(order.getTotalPriceInCents(), 2)).toList();
        BigDecimal price = prices.get(prices.size() / 2);
        try (DataApi withDeclared = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT).withDeclaredEndpoints(EndpointsFile.read(onSnowflake)))) {
            for (String value : List.of("1000.505", "-0.5", "0.00000000000000001", price.subtract(new BigDecimal("0.004")).toPlainString(),
                    "99999999999999999")) {
                long expected = prices.stream().filter(each -> each.compareTo(new BigDecimal(value)) > 0).count();
                HttpResponse<String> response = Http.get(withDeclared.port(), "/connector/orders/above?min_price=" + value);
                assertThat(response.statusCode()).as(value).isEqualTo(200);
                assertThat(response.body()).as(value).isEqualTo("[{\"N\":" + expected + "}]");
            }
        }
    }

    /**
     * Snowflake's driver takes no java.time value: a time parameter reaches it as its ISO text, which the double
     * binds back as text, for its DuckDB to convert as Snowflake would. This tests the path through the driver,
     * not Snowflake's conversion of the text.
     */
    @Test
    void aTimeReachesTheDriverAsItsIsoText(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("since.json"), """
                {"endpoints": [{"id": "orders_since", "title": "Orders since a time", "path": "/orders/since",
                  "parameters": [{"name": "since", "type": "timestamp", "example": "1998-08-01T00:00:00"}],
                  "sql": "SELECT COUNT(*) AS n FROM %s WHERE CAST(o_orderdate AS TIMESTAMP) >= :since", "columns": [{"name": "N", "type": "integer"}]}]}"""
                .formatted(SnowflakeDouble.ORDERS));
        List<LocalDate> dates = new OrdersOracle(TestData.SCALE.asDouble()).orders().stream().map(order -> LocalDate.ofEpochDay(order.getOrderDate()))
                .toList();
        try (DataApi withDeclared = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT).withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (String since : List.of("1998-08-01T00:00:00", "1998-08-01T00:00:00.5", "1998-07-31T23:59:59.999999")) {
                LocalDateTime time = LocalDateTime.parse(since);
                long expected = dates.stream().filter(date -> !date.atStartOfDay().isBefore(time)).count();
                HttpResponse<String> response = Http.get(withDeclared.port(), "/connector/orders/since?since=" + since);
                assertThat(response.statusCode()).as(since + ": " + response.body()).isEqualTo(200);
                assertThat(response.body()).as(since).isEqualTo("[{\"N\":" + expected + "}]");
            }
        }
    }

    /**
     * An optional parameter a request leaves out reaches Snowflake through the driver as a NULL, which the driver sends
     * as its type ANY whatever the JDBC type it is given: the double's DuckDB, whose SQL CASTs each value that stands
     * alone, counts what the embedded warehouse does, with and without each value. This tests the path through the
     * driver, not how Snowflake types an ANY.
     */
    @Test
    void anOptionalParameterLeftOutReachesTheDriverAsANull(@TempDir Path work) throws Exception {
        String sql = "SELECT COUNT(*) AS n FROM orders WHERE (CAST(:custkey AS BIGINT) IS NULL OR o_custkey = :custkey)"
                + " AND (CAST(:min_price AS VARCHAR) IS NULL OR o_totalprice >= :min_price) AND (CAST(:status AS VARCHAR) IS NULL OR o_orderstatus = :status)"
                + " AND (CAST(:since AS DATE) IS NULL OR o_orderdate >= :since) AND (CAST(:before AS TIMESTAMP) IS NULL OR CAST(o_orderdate AS TIMESTAMP) < :before)"
                + " AND (CAST(:until AS TIMESTAMPTZ) IS NULL OR CAST(o_orderdate AS TIMESTAMP) AT TIME ZONE 'UTC' < :until)";
        String declared = """
                {"endpoints": [{"id": "orders_filtered", "title": "Orders filtered", "path": "/orders/filtered",
                  "parameters": [{"name": "custkey", "type": "integer", "required": false, "example": "370"},
                                 {"name": "min_price", "type": "decimal", "required": false, "example": "1000.50"},
                                 {"name": "status", "type": "string", "required": false, "example": "F"},
                                 {"name": "since", "type": "date", "required": false, "example": "1995-01-01"},
                                 {"name": "before", "type": "timestamp", "required": false, "example": "1996-01-01T00:00:00"},
                                 {"name": "until", "type": "timestamptz", "required": false, "example": "1996-01-01T00:00:00Z"}],
                  "sql": "%s", "columns": [{"name": "N", "type": "integer"}]}]}""".formatted(sql);
        Path onSnowflake = Files.writeString(work.resolve("snowflake.json"), declared.replace("FROM orders", "FROM " + SnowflakeDouble.ORDERS));
        Path embeddedFile = Files.writeString(work.resolve("embedded.json"), declared);
        try (DataApi withDeclared = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT).withDeclaredEndpoints(EndpointsFile.read(onSnowflake)));
             DataApi embeddedWithDeclared = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(embeddedFile)))) {
            for (String query : List.of("", "?custkey=370", "?min_price=150000.50", "?status=F", "?since=1997-06-01", "?before=1993-07-01T12:00:00",
                    "?until=1993-07-01T00:00:00%2B02:00", "?custkey=370&status=F&since=1993-01-01&before=1998-01-01T00:00:00&min_price=1000")) {
                HttpResponse<String> actual = Http.get(withDeclared.port(), "/connector/orders/filtered" + query);
                assertThat(actual.statusCode()).as(query + ": " + actual.body()).isEqualTo(200);
                assertThat(actual.body()).as(query).startsWith("[{\"N\":")
                        .isEqualTo(Http.get(embeddedWithDeclared.port(), "/connector/orders/filtered" + query).body());
            }
            assertThat(Http.get(withDeclared.port(), "/connector/orders/filtered?status=&custkey=").body())
                    .isEqualTo(Http.get(embeddedWithDeclared.port(), "/connector/orders/filtered").body());
            JsonNode leftOut = snowflake.bindings().get(snowflake.bindings().size() - 1);
            assertThat(leftOut.size()).isEqualTo(12);
            leftOut.forEach(binding -> assertThat(binding.toString()).contains("\"type\":\"ANY\"").contains("\"value\":null"));
        }
    }

    /**
     * Timestamps (TIMESTAMP_NTZ and TIMESTAMP_LTZ), booleans and doubles come through Snowflake's driver
     * as the test expects of the literals it wrote; the stand-in sends Snowflake's doubles, which it has
     * alone, for the floats too. Dates before 1582 are the Gregorian calendar's, as the driver adjusts
     * them, but 1582-10-05 to 1582-10-14 it gives as it gives the ten days before: they come ten days early.
     */
    @Test
    void timestampsBooleansAndDoublesAnswerAsTheTestExpects(@TempDir Path work) throws Exception {
        String nanoseconds = "2024-01-01 00:00:00.123456789";
        Path file = Files.writeString(work.resolve("kinds.json"), """
                {"endpoints": [{"id": "kinds", "title": "Kinds", "path": "/kinds", "parameters": [], "sql": "%s", "columns": [%s]},
                  {"id": "nanoseconds", "title": "Nanoseconds", "path": "/nanoseconds", "parameters": [],
                   "sql": "SELECT CAST('%s' AS TIMESTAMP_NS) AS t", "columns": [{"name": "T", "type": "timestamp"}]}]}"""
                .formatted(ColumnKinds.SQL, ColumnKinds.COLUMNS, nanoseconds));
        try (DataApi withDeclared = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT).withDeclaredEndpoints(EndpointsFile.read(file)))) {
            HttpResponse<String> response = Http.get(withDeclared.port(), "/connector/kinds");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(ColumnKinds.JSON.replace("\"1582-10-10T", "\"1582-09-30T"));
            // Snowflake keeps nanoseconds.
            assertThat(Http.get(withDeclared.port(), "/connector/nanoseconds").body())
                    .isEqualTo("[{\"T\":\"" + ExpectedText.timestamp(LocalDateTime.parse(nanoseconds.replace(' ', 'T'))) + "\"}]");
        }
    }

    /**
     * Snowflake says a data exception's SQLSTATE, class 22, which its driver gives the server: text that is no number
     * (22018) is a 400 that says so, naming neither the value nor the SQL, for a query that ran with values; a query
     * without any keeps its 500. The double fails its DuckDB's conversions as Snowflake does.
     */
    @Test
    void aValueSnowflakeCannotConvertIsA400AndAQueryWithoutValuesKeepsIts500(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("convert.json"), """
                {"endpoints": [{"id": "text_to_integer", "title": "Text to an integer", "path": "/text_to_integer",
                  "parameters": [{"name": "s", "type": "string", "example": "1"}],
                  "sql": "SELECT CAST(CAST(:s AS VARCHAR) AS INTEGER) AS n", "columns": [{"name": "N", "type": "integer"}]},
                 {"id": "status_number", "title": "A status as a number", "path": "/status_number", "parameters": [],
                  "sql": "SELECT CAST(MIN(o_orderstatus) || 'x' AS INTEGER) AS n FROM %s", "columns": [{"name": "N", "type": "integer"}]}]}"""
                .formatted(SnowflakeDouble.ORDERS));
        try (DataApi withDeclared = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT).withDeclaredEndpoints(EndpointsFile.read(file)))) {
            assertThat(Http.get(withDeclared.port(), "/connector/text_to_integer?s=-42").body()).isEqualTo("[{\"N\":-42}]");
            HttpResponse<String> refused = Http.get(withDeclared.port(), "/connector/text_to_integer?s=12a");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body())
                    .isEqualTo("{\"error\":\"The warehouse could not compute the answer for the values given: a value that does not convert.\"}");
            HttpResponse<String> withoutValues = Http.get(withDeclared.port(), "/connector/status_number");
            assertThat(withoutValues.statusCode()).as(withoutValues.body()).isEqualTo(500);
            assertThat(withoutValues.body()).isEqualTo(WAREHOUSE_FAILED);
        }
    }

    /**
     * Both families, the connector's JDBC and Snowpark's session, give the server the driver's SQLSTATE of a data exception,
     * but a report's values are the server's, made of dates it checked: a query of a report that Snowflake fails dividing
     * by zero is the warehouse's failure, a 500 on each, logged as one, whichever values the request gave.
     */
    @Test
    void aDataExceptionOfAReportsQueryIsA500OnBothFamilies() throws Exception {
        snowflake.divideByZeroInQueriesOfOrders(true);
        try {
            for (String family : List.of("/connector", "/snowpark")) {
                for (String query : List.of("", "?start_range=1995-03-01&end_range=1995-03-14")) {
                    String path = family + "/customers/top10" + query;
                    String logged = StandardError.during(() -> {
                        HttpResponse<String> response = Http.get(api.port(), path);
                        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(500);
                        assertThat(response.body()).isEqualTo(WAREHOUSE_FAILED);
                    });
                    assertThat(logged).as(path).contains("[ERROR]", "the warehouse failed the query").doesNotContain("could not compute");
                }
            }
        } finally {
            snowflake.divideByZeroInQueriesOfOrders(false);
        }
    }

    @Test
    void theAnswersAreNotTrivial() throws Exception {
        assertThat(Http.get(api.port(), "/snowpark/customers/top10").body()).startsWith("[{\"O_CUSTKEY\":").contains("SUM_TOTALPRICE");
        assertThat(Http.get(api.port(), "/connector/clerk/000000002/yearly_sales/1995").body()).contains("\"O_CLERK\":\"Clerk#000000002\",\"MONTH\":1,");
    }

    @Test
    void theConnectorBindsItsValuesAndSnowparkSendsItsOwnSql() throws Exception {
        Http.get(api.port(), "/connector/customers/top10?start_range=1995-02-03&end_range=1995-02-17");
        Http.get(api.port(), "/snowpark/customers/top10?start_range=1995-02-04&end_range=1995-02-18");

        List<String> sql = snowflake.sqlTexts();
        assertThat(sql).anySatisfy(text -> assertThat(text)
                .contains("FROM SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS", "o_orderdate BETWEEN ? AND ?"));
        assertThat(sql).noneSatisfy(text -> assertThat(text).contains("1995-02-03"));
        // Snowpark's SQL generator: quoted upper-case identifiers, nested projections, typed date literals.
        assertThat(sql).anySatisfy(text -> assertThat(text)
                .contains("sum(\"O_TOTALPRICE\") AS \"SUM_TOTALPRICE\"", "DATE '1995-02-04'", "DATE '1995-02-18'",
                        "ORDER BY \"SUM_TOTALPRICE\" DESC NULLS LAST, \"O_CUSTKEY\" ASC NULLS FIRST LIMIT 10"));
    }

    @Test
    void theServiceLogsInWithItsSettingsAndAsksForJsonResults() {
        assertThat(snowflake.logins()).isNotEmpty().allSatisfy(login -> {
            assertThat(login.path("LOGIN_NAME").asText()).isEqualTo(USER);
            assertThat(login.path("ACCOUNT_NAME").asText()).isEqualTo("dataapi_test");
            JsonNode parameters = login.path("SESSION_PARAMETERS");
            assertThat(parameters.path("JDBC_QUERY_RESULT_FORMAT").asText()).isEqualTo("JSON");
            assertThat(parameters.path("CLIENT_SESSION_KEEP_ALIVE").asText()).isEqualTo("true");
        });
        assertThat(snowflake.unknownRequests()).isEmpty();
    }

    @Test
    void badInputIsRefusedWithoutAQuery() throws Exception {
        int before = snowflake.sqlTexts().size();
        for (String family : List.of("/connector", "/snowpark")) {
            HttpResponse<String> badDate = Http.get(api.port(), family + "/customers/top10?start_range=1995-02-30");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.body()).isEqualTo("{\"error\":\"Invalid start and/or end dates.\"}");
            assertThat(Http.get(api.port(), family + "/clerk/12a/yearly_sales/1995").statusCode()).isEqualTo(400);
        }
        assertThat(snowflake.sqlTexts()).hasSize(before);
    }

    @Test
    void bothFamiliesAnswer504PastTheStatementTimeoutSnowparksFromSnowflakesOwnCancel() throws Exception {
        RequestLimits oneSecond = new RequestLimits(Duration.ofSeconds(1), 4, 8, Duration.ofSeconds(5));
        try (DataApi timed = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT, oneSecond));
             SlowOrders slow = slowOrders(Duration.ofSeconds(3))) {
            for (String family : List.of("/connector", "/snowpark")) {
                HttpResponse<String> response = Http.get(timed.port(), family + "/customers/top10");
                assertThat(response.statusCode()).as(family).isEqualTo(504);
                assertThat(response.body()).isEqualTo("{\"error\":\"The query took too long and was cancelled.\"}");
            }
            // Snowpark's sessions logged in with the timeout: Snowflake, not the server, cancelled their query.
            assertThat(snowflake.logins()).anySatisfy(login -> {
                assertThat(login.path("CLIENT_APP_ID").asText()).isEqualTo("Snowpark");
                assertThat(login.path("SESSION_PARAMETERS").path("STATEMENT_TIMEOUT_IN_SECONDS").asText()).isEqualTo("1");
            });
            // The connector's statement was cancelled by the server, through the driver's abort request.
            assertThat(snowflake.unknownRequests()).isEmpty();
        }
    }

    /** A client that hangs up while its request waits for a Snowpark session has its query not run once one is free. */
    @Test
    void aClientThatHangsUpWhileWaitingForASnowparkSessionHasNoQueryRun() throws Exception {
        try (DataApi fresh = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT));
             SlowOrders slow = slowOrders(Duration.ofSeconds(2))) {
            int before = ordersQueries();
            // Two requests hold both sessions of the pool; a third waits for one, and its client hangs up.
            List<CompletableFuture<HttpResponse<String>>> holding = List.of(
                    Http.getAsync(fresh.port(), "/snowpark/customers/top10?start_range=1995-03-01&end_range=1995-03-09"),
                    Http.getAsync(fresh.port(), "/snowpark/customers/top10?start_range=1995-04-01&end_range=1995-04-09"));
            Await.until(() -> ordersQueries() == before + 2, "both sessions run a query");
            RawHttp.get("127.0.0.1", fresh.port(), "/snowpark/customers/top10?start_range=1995-05-01&end_range=1995-05-09").close();
            for (CompletableFuture<HttpResponse<String>> response : holding) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            // A waiting query would start at once, as a session is given back.
            Thread.sleep(1_000);
            assertThat(ordersQueries()).isEqualTo(before + 2);
        }
    }

    /**
     * A client that hangs up while a Snowpark session logs in for its request has its query not run, and the session,
     * which nothing is wrong with, is kept for the next request.
     */
    @Test
    void aClientThatHangsUpWhileASessionOpensForItHasNoQueryRunAndTheSessionIsKept() throws Exception {
        try (DataApi fresh = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT));
             SlowOrders slow = slowOrders(Duration.ofSeconds(2))) {
            int before = ordersQueries();
            CompletableFuture<HttpResponse<String>> holding =
                    Http.getAsync(fresh.port(), "/snowpark/customers/top10?start_range=1995-03-01&end_range=1995-03-09");
            Await.until(() -> ordersQueries() == before + 1, "the session opened at start runs a query");
            int openBefore = snowflake.openSessions();
            snowflake.holdLogins();
            try {
                try (RawHttp ignored = RawHttp.get("127.0.0.1", fresh.port(), "/snowpark/customers/top10?start_range=1995-05-01&end_range=1995-05-09")) {
                    Await.until(() -> snowflake.loginsHeld() == 1, "a second session logs in");
                }
                // The hang-up is noticed within a fifth of a second.
                Thread.sleep(1_000);
            } finally {
                snowflake.answerLogins();
            }
            assertThat(holding.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            Thread.sleep(1_000);
            assertThat(ordersQueries()).isEqualTo(before + 1);
            assertThat(snowflake.openSessions()).as("the new session is open").isEqualTo(openBefore + 1);
        }
    }

    /** Queries of ORDERS on the double take {@code time} until this is closed. */
    private interface SlowOrders extends AutoCloseable {
        @Override
        void close();
    }

    private static SlowOrders slowOrders(Duration time) {
        snowflake.takeForQueriesOfOrders(time);
        return () -> snowflake.takeForQueriesOfOrders(Duration.ZERO);
    }

    private static int ordersQueries() {
        return (int) snowflake.sqlTexts().stream().filter(sql -> sql.toUpperCase(Locale.ROOT).contains(SnowflakeDouble.ORDERS)).count();
    }

    /**
     * Readiness opens a connection of its own, a login on Snowflake: a Snowflake that takes it and never answers makes
     * {@code /readyz} 503 after the login timeout, where the driver waits 5 minutes; it is ready again once logins are
     * answered, and what the login given up on opened is closed.
     */
    @Test
    void readinessWaitsForALoginAtMostTheLoginTimeout() throws Exception {
        int openBefore = snowflake.openSessions();
        try (DataApi api = DataApi.start(serverConfig(SnowflakeDouble.ORDERS, PAT, RequestLimits.DEFAULTS, Duration.ofSeconds(2)))) {
            assertThat(Http.get(api.port(), "/readyz").statusCode()).isEqualTo(200);
            // The pool fills behind the start: the test's logins are held only once its connections and the start's
            // Snowpark session are open.
            int openWhileReady = openBefore + 2 + 1;
            Await.until(() -> snowflake.openSessions() == openWhileReady, "the pool is full");
            snowflake.holdLogins();
            try {
                // The last check's answer serves for a second.
                Thread.sleep(1100);
                long start = System.nanoTime();
                HttpResponse<String> notReady = Http.get(api.port(), "/readyz");
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
                assertThat(Http.get(api.port(), "/healthz").statusCode()).isEqualTo(200);
            } finally {
                snowflake.answerLogins();
            }
            Await.until(() -> Http.status(api.port(), "/readyz") == 200, "ready once Snowflake answers logins");
            assertThat(snowflake.openSessions()).isEqualTo(openWhileReady);
        }
        assertThat(snowflake.openSessions()).isEqualTo(openBefore);
    }

    /** A table dropped once the start has checked it: every query of it fails. */
    @Test
    void aFailedQueryIs500WithoutSqlAndEverySessionIsClosedOnStop() throws Exception {
        int openBefore = snowflake.openSessions();
        String dropped = "SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.DROPPED_ORDERS";
        snowflake.execute("CREATE TABLE " + dropped + " AS SELECT * FROM " + SnowflakeDouble.ORDERS + " LIMIT 0");
        try (DataApi missingTable = DataApi.start(serverConfig(dropped, PAT))) {
            snowflake.execute("DROP TABLE " + dropped);
            assertThat(snowflake.openSessions()).isGreaterThan(openBefore);
            for (String family : List.of("/connector", "/snowpark")) {
                HttpResponse<String> response = Http.get(missingTable.port(), family + "/customers/top10");
                assertThat(response.statusCode()).as(family).isEqualTo(500);
                assertThat(response.body()).isEqualTo(WAREHOUSE_FAILED);
            }
        }
        assertThat(snowflake.openSessions()).isEqualTo(openBefore);
    }

    @Test
    void thereIsOneSnowflakeDriverTheOneSnowparkBrings() throws Exception {
        List<URL> drivers = Collections.list(getClass().getClassLoader().getResources("net/snowflake/client/jdbc/SnowflakeDriver.class"));
        assertThat(drivers).hasSize(1);
        assertThat(drivers.get(0).toString()).contains("snowflake-jdbc-3.24.2.jar");
    }

    /**
     * A table that is not there stops the start, in a line that names the report, the table and the setting that
     * names it, and closes the sessions the start opened.
     */
    @Test
    void aMissingOrdersTableStopsStartUpNamingIt() {
        int openBefore = snowflake.openSessions();
        String missing = "SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.NO_ORDERS";
        assertThatThrownBy(() -> DataApi.start(serverConfig(missing, PAT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("report customers_top10 over table " + missing + " (--orders-table, DATAAPI_ORDERS_TABLE):"
                        + " the warehouse refused its SQL: ")
                .hasMessageContaining("NO_ORDERS");
        assertThat(snowflake.openSessions()).isEqualTo(openBefore);
    }

    @Test
    void wrongCredentialsStopStartUp() {
        assertThatThrownBy(() -> DataApi.start(serverConfig(SnowflakeDouble.ORDERS, "wrong")))
                .hasMessageContaining("Incorrect username or password");
    }
}
