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
import dataapi.tpch.PostgresOrdersLoader;
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
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        new PostgresOrdersLoader(postgres.config(), 2, line -> { }).ensure(TestData.SCALE);
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
        Path file = declared(work, "SELECT " + value + " AS v", "", "{\"name\": \"V\", \"type\": \"" + type + "\"}");
        for (ServerConfig config : List.of(TestData.serverConfig(), postgresConfig())) {
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
