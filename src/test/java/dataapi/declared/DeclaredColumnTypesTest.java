package dataapi.declared;

import dataapi.ColumnKinds;
import dataapi.DataApi;
import dataapi.ExpectedText;
import dataapi.Http;
import dataapi.ServerProcess;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.RequestLimits;
import dataapi.config.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dataapi.declared.DeclaredEndpointsTest.declared;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Timestamp, boolean and double columns, written alike by the embedded DuckDB and by PostgreSQL, on the
 * tests' Java and on the image's in another time zone: each value is one the test wrote into the SQL
 * as a literal, and its expected text is made by the test from that same value ({@link ColumnKinds},
 * {@link ExpectedText}).
 */
class DeclaredColumnTypesTest {
    private static TestPostgres postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
        // The start checks the reports' SQL against ORDERS too.
        postgres.loadOrders();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void timestampsBooleansAndDoublesAreWrittenAlikeOnBothWarehouses() throws Exception {
        Path file = declared(work, ColumnKinds.SQL, "", ColumnKinds.COLUMNS);
        try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (DataApi api : List.of(duckDb, onPostgres)) {
                HttpResponse<String> response = Http.get(api.port(), "/connector/e");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(ColumnKinds.JSON);
            }
        }
        assertThat(ColumnKinds.JSON).as("what the test expects").contains("\"T\":\"2024-03-10T12:34:56.5\"", "\"T\":\"2024-02-29T00:00:00\"",
                "\"TZ\":\"2024-03-10T07:04:56.5Z\"", "\"T\":\"0000-01-01T00:00:00\"", "\"T\":\"-0001-06-15T10:00:00.000001\"",
                "\"T\":\"+10000-01-01T00:00:00\"", "\"TZ\":\"+10000-01-01T04:59:59.999999Z\"", "\"D\":1.0E23", "\"D\":4.9E-324",
                "\"R\":0.1}", "\"D\":-0.0", "\"R\":1.6777216E7");
    }

    /**
     * The same answers from servers on the image's Java in a time zone 5:45 east of UTC, as processes of their
     * own: PostgreSQL's session then has that zone, and Double.toString is another Java's.
     */
    @Test
    void theAnswerIsTheSameOnTheImagesJavaInAnotherTimeZone() throws Exception {
        Path file = declared(work, ColumnKinds.SQL, "", ColumnKinds.COLUMNS);
        Path dataDir = Files.createDirectory(work.resolve("data"));
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        Map<List<String>, Map<String, String>> servers = Map.of(
                List.of("--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString()), Map.of(),
                List.of("--warehouse", "postgres", "--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", TestPostgres.USER),
                Map.of("DATAAPI_JDBC_PASSWORD", TestPostgres.PASSWORD));
        for (Map.Entry<List<String>, Map<String, String>> server : servers.entrySet()) {
            List<String> arguments = new ArrayList<>(List.of("serve", "--port", "0", "--endpoints", file.toString()));
            arguments.addAll(server.getKey());
            Path log = Files.createTempFile(work, "serve", ".log");
            Process serve = ServerProcess.start(ServerProcess.imageJava(),
                    List.of("-Duser.timezone=Asia/Kathmandu", "-cp", System.getProperty("java.class.path"), "dataapi.Main"),
                    server.getValue(), log, arguments);
            try {
                int port = ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log)).getPort();
                assertThat(Http.get(port, "/connector/e").body()).as(server.getKey().toString()).isEqualTo(ColumnKinds.JSON);
            } finally {
                ServerProcess.stop(serve);
            }
        }
    }

    /** DuckDB's timestamps of nanoseconds, milliseconds and seconds have as many digits of a fraction as they keep, none for none. */
    @Test
    void aTimestampHasTheFractionDigitsItsTypeKeeps() throws Exception {
        String value = "2024-01-01 00:00:00.123456789";
        Path file = declared(work, "SELECT CAST('" + value + "' AS TIMESTAMP_NS) AS ns, CAST('" + value + "' AS TIMESTAMP_MS) AS ms,"
                + " CAST('" + value + "' AS TIMESTAMP_S) AS s", "",
                "{\"name\": \"NS\", \"type\": \"timestamp\"}, {\"name\": \"MS\", \"type\": \"timestamp\"}, {\"name\": \"S\", \"type\": \"timestamp\"}");
        LocalDateTime time = LocalDateTime.parse(value.replace(' ', 'T'));
        try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            assertThat(Http.get(duckDb.port(), "/connector/e").body()).isEqualTo("[{\"NS\":\"" + ExpectedText.timestamp(time)
                    + "\",\"MS\":\"" + ExpectedText.timestamp(time.truncatedTo(ChronoUnit.MILLIS))
                    + "\",\"S\":\"" + ExpectedText.timestamp(time.truncatedTo(ChronoUnit.SECONDS)) + "\"}]");
        }
    }

    /** A decimal or an integer declared double is written as its nearest double, as BigDecimal rounds it. */
    @Test
    void aDecimalOrAnIntegerDeclaredDoubleIsItsNearestDouble() throws Exception {
        Path file = declared(work, "SELECT CAST(CAST(:v AS VARCHAR) AS DECIMAL(38,20)) AS d, CAST(CAST(:i AS VARCHAR) AS BIGINT) AS i",
                "{\"name\": \"v\", \"type\": \"string\", \"example\": \"1\"}, {\"name\": \"i\", \"type\": \"string\", \"example\": \"1\"}",
                "{\"name\": \"D\", \"type\": \"double\"}, {\"name\": \"I\", \"type\": \"double\"}");
        Map<String, String> values = Map.of("0.1", "9007199254740993", "1234567890.12345678901234567890", "-9223372036854775808",
                "-0.00000000000000000001", "0", "123456789012345678.5", "123");
        try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (Map.Entry<String, String> value : values.entrySet()) {
                String expected = "[{\"D\":" + ExpectedText.number(new BigDecimal(value.getKey()).doubleValue())
                        + ",\"I\":" + ExpectedText.number((double) Long.parseLong(value.getValue())) + "}]";
                for (DataApi api : List.of(duckDb, onPostgres)) {
                    assertThat(Http.get(api.port(), "/connector/e?v=" + value.getKey() + "&i=" + value.getValue()).body())
                            .as(value.toString()).isEqualTo(expected);
                }
            }
        }
        assertThat(ExpectedText.number((double) 9007199254740993L)).isEqualTo("9.007199254740992E15");
    }

    /** JSON has no number for NaN or an infinity, nor ISO 8601 a text for an infinite timestamp: each is a 500, logged in one line. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CAST('NaN' AS FLOAT8)                              | double    | column V is double, but a value is NaN, which JSON has no number for",
            "CAST('Infinity' AS FLOAT8)                         | double    | column V is double, but a value is infinite as a double, which JSON has no number for",
            "CAST('-Infinity' AS FLOAT4)                        | double    | column V is double, but a value is infinite as a double, which JSON has no number for",
            "CAST('infinity' AS TIMESTAMP)                      | timestamp | column V is timestamp, but a value is infinity, which ISO 8601 has no text for",
            "CAST('-infinity' AS TIMESTAMP)                     | timestamp | column V is timestamp, but a value is -infinity, which ISO 8601 has no text for",
            "CAST('infinity' AS TIMESTAMP WITH TIME ZONE)       | timestamp | column V is timestamp, but a value is infinity, which ISO 8601 has no text for",
            "CAST('-infinity' AS TIMESTAMP WITH TIME ZONE)      | timestamp | column V is timestamp, but a value is -infinity, which ISO 8601 has no text for"})
    void aValueTheTypeHasNoTextForIsA500AndTheLogSaysWhy(String value, String type, String why) throws Exception {
        assertA500LoggedInOneLine(List.of(TestData.serverConfig(), postgresConfig()), value, type, why);
    }

    /** PostgreSQL's numeric holds NaN and the infinities, which no decimal column can write either. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CAST('NaN' AS NUMERIC)        | decimal | column V is decimal, but a value is NaN, which JSON has no number for",
            "CAST('Infinity' AS NUMERIC)   | money   | column V is money, but a value is Infinity, which JSON has no number for",
            "CAST('-Infinity' AS NUMERIC)  | integer | column V is integer, but a value is -Infinity, which JSON has no number for"})
    void aNumericThatIsNoNumberIsA500AndTheLogSaysWhy(String value, String type, String why) throws Exception {
        assertA500LoggedInOneLine(List.of(postgresConfig()), value, type, why);
    }

    /**
     * DuckDB's timestamps of seconds, milliseconds and nanoseconds have infinities of their own, each its unit's
     * largest count; its driver cannot read TIMESTAMP_S's at all, nor tell which of the two it met.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CAST('infinity' AS TIMESTAMP_NS)   | infinity",
            "CAST('-infinity' AS TIMESTAMP_NS)  | -infinity",
            "CAST('infinity' AS TIMESTAMP_MS)   | infinity",
            "CAST('-infinity' AS TIMESTAMP_MS)  | -infinity",
            "CAST('infinity' AS TIMESTAMP_S)    | infinity or -infinity",
            "CAST('-infinity' AS TIMESTAMP_S)   | infinity or -infinity"})
    void duckDbsTimestampsOfOtherUnitsHaveTheirOwnInfinities(String value, String which) throws Exception {
        assertA500LoggedInOneLine(List.of(TestData.serverConfig()), value, "timestamp",
                "column V is timestamp, but a value is " + which + ", which ISO 8601 has no text for");
    }

    private void assertA500LoggedInOneLine(List<ServerConfig> configs, String value, String type, String why) throws Exception {
        Path file = declared(work, "SELECT " + value + " AS v", "", "{\"name\": \"V\", \"type\": \"" + type + "\"}");
        for (ServerConfig config : configs) {
            try (DataApi api = DataApi.start(config.withDeclaredEndpoints(EndpointsFile.read(file)))) {
                String logged = StandardError.during(() -> {
                    HttpResponse<String> response = Http.get(api.port(), "/connector/e");
                    assertThat(response.statusCode()).isEqualTo(500);
                    assertThat(response.body()).isEqualTo("{\"error\":\"Internal server error. Check the logs for details.\"}");
                });
                assertThat(logged.lines()).as(value).singleElement().asString()
                        .contains("GET /connector/e: the result does not fit the endpoint's declaration: " + why);
            }
        }
    }

    /**
     * The first and last times of each type are their text, the infinities next to them aside: DuckDB's
     * counts of its unit one short of its infinities (through a TIMESTAMP for seconds and milliseconds,
     * which DuckDB rounds to its unit; a TIMESTAMPTZ's first is the first it reads as text), and
     * PostgreSQL's first and last, in 4714 BC and 294276, one of them DuckDB's infinity.
     */
    @Test
    void theFirstAndLastTimesOfEachTypeAreTheirText() throws Exception {
        long lastCount = Long.MAX_VALUE - 1;
        Map<String, String> duckDb = new LinkedHashMap<>();
        duckDb.put("CAST('294247-01-10 04:00:54.775806' AS TIMESTAMP)", ExpectedText.timestamp(LocalDateTime.of(294247, 1, 10, 4, 0, 54, 775_806_000)));
        duckDb.put("make_timestamp(-" + lastCount + ")", wallClock(Instant.EPOCH.minus(lastCount, ChronoUnit.MICROS)));
        duckDb.put("CAST(make_timestamp(" + lastCount + ") AS TIMESTAMP_S)", wallClock(nearest(Instant.EPOCH.plus(lastCount, ChronoUnit.MICROS), ChronoUnit.SECONDS)));
        duckDb.put("CAST(make_timestamp(-" + lastCount + ") AS TIMESTAMP_S)", wallClock(nearest(Instant.EPOCH.minus(lastCount, ChronoUnit.MICROS), ChronoUnit.SECONDS)));
        duckDb.put("CAST(make_timestamp(" + lastCount + ") AS TIMESTAMP_MS)", wallClock(nearest(Instant.EPOCH.plus(lastCount, ChronoUnit.MICROS), ChronoUnit.MILLIS)));
        duckDb.put("CAST(make_timestamp(-" + lastCount + ") AS TIMESTAMP_MS)", wallClock(nearest(Instant.EPOCH.minus(lastCount, ChronoUnit.MICROS), ChronoUnit.MILLIS)));
        duckDb.put("CAST('2262-04-11 23:47:16.854775806' AS TIMESTAMP_NS)", ExpectedText.timestamp(LocalDateTime.of(2262, 4, 11, 23, 47, 16, 854_775_806)));
        duckDb.put("make_timestamp_ns(-" + lastCount + ")", wallClock(Instant.EPOCH.minus(lastCount, ChronoUnit.NANOS)));
        duckDb.put("CAST('294247-01-10 04:00:54.775806+00' AS TIMESTAMPTZ)",
                ExpectedText.moment(LocalDateTime.of(294247, 1, 10, 4, 0, 54, 775_806_000).toInstant(ZoneOffset.UTC)));
        duckDb.put("CAST('290309-12-22 (BC) 00:00:00+00' AS TIMESTAMPTZ)", ExpectedText.moment(LocalDateTime.of(-290308, 12, 22, 0, 0).toInstant(ZoneOffset.UTC)));
        Map<String, String> postgres = new LinkedHashMap<>();
        LocalDateTime last = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000);
        LocalDateTime duckDbsInfinity = LocalDateTime.of(294247, 1, 10, 4, 0, 54, 775_807_000);
        LocalDateTime first = LocalDateTime.of(-4713, 11, 24, 0, 0);
        postgres.put("CAST('294276-12-31 23:59:59.999999' AS TIMESTAMP)", ExpectedText.timestamp(last));
        postgres.put("CAST('294247-01-10 04:00:54.775807' AS TIMESTAMP)", ExpectedText.timestamp(duckDbsInfinity));
        postgres.put("CAST('4714-11-24 00:00:00 BC' AS TIMESTAMP)", ExpectedText.timestamp(first));
        postgres.put("CAST('294276-12-31 23:59:59.999999+00' AS TIMESTAMPTZ)", ExpectedText.moment(last.toInstant(ZoneOffset.UTC)));
        postgres.put("CAST('4714-11-24 00:00:00+00 BC' AS TIMESTAMPTZ)", ExpectedText.moment(first.toInstant(ZoneOffset.UTC)));
        for (Map.Entry<ServerConfig, Map<String, String>> warehouse : Map.of(TestData.serverConfig(), duckDb, postgresConfig(), postgres).entrySet()) {
            List<String> values = List.copyOf(warehouse.getValue().keySet());
            Path file = declared(work, IntStream.range(0, values.size()).mapToObj(n -> values.get(n) + " AS t" + n).collect(Collectors.joining(", ", "SELECT ", "")),
                    "", IntStream.range(0, values.size()).mapToObj(n -> "{\"name\": \"T" + n + "\", \"type\": \"timestamp\"}").collect(Collectors.joining(", ")));
            String expected = IntStream.range(0, values.size()).mapToObj(n -> "\"T" + n + "\":\"" + warehouse.getValue().get(values.get(n)) + "\"")
                    .collect(Collectors.joining(",", "[{", "}]"));
            try (DataApi api = DataApi.start(warehouse.getKey().withDeclaredEndpoints(EndpointsFile.read(file)))) {
                HttpResponse<String> response = Http.get(api.port(), "/connector/e");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(expected);
            }
        }
        assertThat(duckDb.values()).as("what the test expects").contains("+294247-01-10T04:00:55", "-290308-12-21T19:59:05.224194",
                "-290308-12-21T19:59:05", "1677-09-21T00:12:43.145224194");
    }

    private static String wallClock(Instant counted) {
        return ExpectedText.timestamp(LocalDateTime.ofInstant(counted, ZoneOffset.UTC));
    }

    /** {@code time} rounded to the nearest {@code unit}, half up. */
    private static Instant nearest(Instant time, ChronoUnit unit) {
        return time.plus(unit.getDuration().dividedBy(2)).truncatedTo(unit);
    }

    /**
     * Each new type takes the types it can be written from, and the start refuses another, advising the
     * type that can: a date is a day, not a time, and is a string; a bit string is no boolean.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // SQL's value | declared | DuckDB's type name | PostgreSQL's | the type advised, if any
            "CAST('x' AS VARCHAR)                                 | timestamp | VARCHAR    | varchar     | string",
            "CAST(1.5 AS FLOAT8)                                  | timestamp | DOUBLE     | float8      | double",
            "CAST('2024-01-01' AS DATE)                           | timestamp | DATE       | date        | string",
            "CAST('12:00:00' AS TIME)                             | timestamp | TIME       | time        |",
            "CAST(1.5 AS FLOAT8)                                  | boolean   | DOUBLE     | float8      | double",
            "CAST(1 AS INTEGER)                                   | boolean   | INTEGER    | int4        | integer",
            "CAST('2024-01-01' AS TIMESTAMP)                      | boolean   | TIMESTAMP  | timestamp   | timestamp",
            "CAST('1' AS BIT)                                     | boolean   | BIT        | bit         |",
            "1 = 1                                                | double    | BOOLEAN    | bool        | boolean",
            "CAST('x' AS VARCHAR)                                 | double    | VARCHAR    | varchar     | string",
            "CAST(1.5 AS FLOAT8)                                  | string    | DOUBLE     | float8      | double",
            "CAST('2024-01-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE) | string | TIMESTAMP WITH TIME ZONE | timestamptz | timestamp",
            "CAST(1.5 AS FLOAT4)                                  | money     | FLOAT      | float4      | double"})
    void aColumnItsTypeCannotBeWrittenFromStopsTheStartWithTheTypeThatCan(String value, String type, String duckDbType, String postgresType,
                                                                        String advised) throws Exception {
        Path file = declared(work, "SELECT " + value + " AS v", "", "{\"name\": \"V\", \"type\": \"" + type + "\"}");
        String advice = advised == null ? "no column type is written from it: CAST it in the SQL" : "declare it " + advised + ", or CAST it in the SQL";
        for (Map.Entry<ServerConfig, String> warehouse : Map.of(TestData.serverConfig(), duckDbType, postgresConfig(), postgresType).entrySet()) {
            assertThatThrownBy(() -> DataApi.start(warehouse.getKey().withDeclaredEndpoints(EndpointsFile.read(file))))
                    .as(value).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("endpoint e: column V is declared " + type + ", but the SQL returns " + warehouse.getValue() + "; " + advice);
        }
    }

    private static ServerConfig postgresConfig() {
        return TestData.postgresServerConfig(postgres.config(), 1, Duration.ofSeconds(5), RequestLimits.DEFAULTS);
    }
}
