package dataapi.declared;

import dataapi.Await;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.ServerProcess;
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

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dataapi.declared.DeclaredEndpointsTest.declared;
import static dataapi.declared.DeclaredEndpointsTest.metric;
import static dataapi.declared.DeclaredEndpointsTest.requests;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parameters of a wall-clock time and of a moment, compared on the embedded DuckDB and on PostgreSQL with a
 * table of times the test writes, each count computed by the test from the same rows; in this JVM's time zone
 * and in servers of another one, DuckDB's and PostgreSQL's sessions in it too.
 */
class TimestampParametersTest {
    /** The rows' wall-clock times: a microsecond either side of noon, a day US clocks skip an hour and one they repeat it, the ends of the years. */
    private static final List<LocalDateTime> WALL_CLOCK = times(LocalDateTime::parse, "2024-03-10T12:00:00", "2024-03-10T12:00:00.000001",
            "2024-03-10T11:59:59.999999", "2024-03-10T02:30:00", "2024-11-03T01:30:00", "0001-01-01T00:00:00", "1582-10-10T00:00:00",
            "9999-12-31T23:59:59.999999");
    /** The rows' moments, written with the offsets they were given in. */
    private static final List<OffsetDateTime> MOMENTS = times(OffsetDateTime::parse, "2024-03-10T12:00:00Z", "2024-03-10T12:00:00.000001Z",
            "2024-03-10T17:29:59.999999+05:30", "2024-03-10T07:00:00-05:00", "2024-11-03T01:30:00-04:00", "0001-01-01T00:00:00Z",
            "1582-10-10T00:00:00Z", "9999-12-31T23:59:59.999999Z");
    /** DuckDB's rows of a TIMESTAMP_S and a TIMESTAMP_MS, each exact in its unit: a unit either side of noon, the first and last of their years. */
    private static final List<LocalDateTime> SECONDS = times(LocalDateTime::parse, "2024-03-10T12:00:00", "2024-03-10T12:00:01",
            "2024-03-10T11:59:59", "0001-01-01T00:00:00", "9999-12-31T23:59:59");
    private static final List<LocalDateTime> MILLISECONDS = times(LocalDateTime::parse, "2024-03-10T12:00:00", "2024-03-10T12:00:00.001",
            "2024-03-10T11:59:59.999", "0001-01-01T00:00:00", "9999-12-31T23:59:59.999");
    private static final String FIRST_TIME = "0001-01-01T00:00:00";
    private static final String SQL = "SELECT COUNT(*) FILTER (WHERE t >= :since) AS wall, COUNT(*) FILTER (WHERE tz >= :moment) AS moments FROM events";
    private static final String PARAMETERS = "{\"name\": \"since\", \"type\": \"timestamp\", \"default\": \"" + FIRST_TIME + "\"},"
            + " {\"name\": \"moment\", \"type\": \"timestamptz\", \"default\": \"" + FIRST_TIME + "Z\"}";
    private static final String COLUMNS = "{\"name\": \"WALL\", \"type\": \"integer\"}, {\"name\": \"MOMENTS\", \"type\": \"integer\"}";
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static TestPostgres postgres;

    @TempDir
    static Path work;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
        // The start checks the reports' SQL against ORDERS too.
        postgres.loadOrders();
        dataDir = Files.createDirectory(work.resolve("data"));
        Path duckDb = TestData.copyOfDatabase(dataDir);
        for (String url : List.of("jdbc:duckdb:" + duckDb, postgres.jdbcUrl())) {
            try (Connection connection = url.startsWith("jdbc:duckdb:") ? DriverManager.getConnection(url) : postgres.connect();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE events (t TIMESTAMP, tz TIMESTAMP WITH TIME ZONE)");
                for (int i = 0; i < WALL_CLOCK.size(); i++) {
                    statement.execute("INSERT INTO events VALUES (CAST('" + LITERAL.format(WALL_CLOCK.get(i)) + "' AS TIMESTAMP), CAST('"
                            + LITERAL.format(MOMENTS.get(i)) + MOMENTS.get(i).getOffset().getId().replace("Z", "+00:00") + "' AS TIMESTAMP WITH TIME ZONE))");
                }
            }
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + duckDb); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE coarse (s TIMESTAMP_S, ms TIMESTAMP_MS)");
            for (int i = 0; i < SECONDS.size(); i++) {
                statement.execute("INSERT INTO coarse VALUES (CAST('" + LITERAL.format(SECONDS.get(i)) + "' AS TIMESTAMP_S), CAST('"
                        + LITERAL.format(MILLISECONDS.get(i)) + "' AS TIMESTAMP_MS))");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** Each time as a request writes it, and the answer counted from the rows in plain Java. */
    private static Map<String, String> expectedAnswers() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String since : List.of("2024-03-10T12:00:00", "2024-03-10T12:00:00.000001", "2024-03-10T12:00:00.0000", "2024-03-10T11:59:59.999999",
                "2024-03-10T12:00:00.5", "2024-03-10T02:30:00", "2024-11-03T01:30:00", "0001-01-01T00:00:00.000001", "1582-10-10T00:00:00",
                "1582-10-10T00:00:00.000001", "9999-12-31T23:59:59.999999")) {
            LocalDateTime time = LocalDateTime.parse(since);
            answers.put("since=" + since, answer(WALL_CLOCK.stream().filter(row -> !row.isBefore(time)).count(), MOMENTS.size()));
        }
        // Equal to a row's moment in another offset, a microsecond past one, RFC 3339's -00:00, the first and last years.
        for (String moment : List.of("2024-03-10T12:00:00Z", "2024-03-10T14:00:00+02:00", "2024-03-10T06:59:59.999999-05:00",
                "2024-03-10T12:00:00.000001Z", "2024-03-10T17:30:00.000001+05:30", "2024-03-10T12:00:00-00:00", "2024-11-03T05:30:00Z",
                "2024-11-03T01:30:00.000001-04:00", "0001-01-01T00:00:00.000001Z", "1582-10-10T00:00:00+00:00", "1582-10-09T23:59:59.999999Z",
                "9999-12-31T23:59:59.999999Z", "9999-12-31T18:59:59.999999-05:00")) {
            OffsetDateTime time = OffsetDateTime.parse(moment);
            answers.put("moment=" + URLEncoder.encode(moment, UTF_8), answer(WALL_CLOCK.size(), MOMENTS.stream().filter(row -> !row.isBefore(time)).count()));
        }
        return answers;
    }

    /** Each query string of {@code answers} answered by endpoint e with {@code status} and its body. */
    private static void assertAnswers(int port, int status, Map<String, String> answers) throws Exception {
        for (Map.Entry<String, String> answer : answers.entrySet()) {
            HttpResponse<String> response = Http.get(port, "/connector/e?" + answer.getKey());
            assertThat(response.statusCode()).as(answer.getKey() + ": " + response.body()).isEqualTo(status);
            assertThat(response.body()).as(answer.getKey()).isEqualTo(answer.getValue());
        }
    }

    private static String answer(long wall, long moments) {
        return "[{\"WALL\":" + wall + ",\"MOMENTS\":" + moments + "}]";
    }

    @Test
    void timesAreComparedAlikeOnBothWarehouses() throws Exception {
        Map<String, String> answers = expectedAnswers();
        assertThat(answers).as("what the test expects").containsEntry("since=2024-03-10T12:00:00.000001", answer(3, 8))
                .containsEntry("moment=2024-03-10T14%3A00%3A00%2B02%3A00", answer(8, 5));
        Path file = declared(work, SQL, PARAMETERS, COLUMNS);
        assertBothWarehousesAnswer(file, answers);
    }

    /** Servers on DuckDB and on PostgreSQL, each with the endpoints of {@code file}, give every answer of {@code answers} with 200. */
    private static void assertBothWarehousesAnswer(Path file, Map<String, String> answers) throws Exception {
        try (DataApi duckDb = DataApi.start(TestData.serverConfig(dataDir).withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (DataApi api : List.of(duckDb, onPostgres)) {
                assertAnswers(api.port(), 200, answers);
            }
        }
    }

    /** The same answers from servers whose JVM, DuckDB and PostgreSQL session are in New York's time zone, which has the day of a skipped hour. */
    @Test
    void theAnswersAreTheSameInAnotherTimeZone() throws Exception {
        Path file = declared(work, SQL, PARAMETERS, COLUMNS);
        Map<String, String> zone = Map.of("TZ", "America/New_York");
        Map<List<String>, Map<String, String>> servers = Map.of(
                List.of("--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString()), zone,
                List.of("--warehouse", "postgres", "--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", TestPostgres.USER),
                Map.of("TZ", "America/New_York", "DATAAPI_JDBC_PASSWORD", TestPostgres.PASSWORD));
        for (Map.Entry<List<String>, Map<String, String>> server : servers.entrySet()) {
            List<String> arguments = new ArrayList<>(List.of("serve", "--port", "0", "--endpoints", file.toString()));
            arguments.addAll(server.getKey());
            Path log = Files.createTempFile(work, "serve", ".log");
            Process serve = ServerProcess.start(List.of("-Duser.timezone=America/New_York", "-cp", System.getProperty("java.class.path"), "dataapi.Main"),
                    server.getValue(), log, arguments);
            try {
                assertAnswers(ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log)).getPort(), 200, expectedAnswers());
            } finally {
                ServerProcess.stop(serve);
            }
        }
    }

    /** Each malformed time is a 400 naming the parameter and its form, and no query runs for it on either warehouse. */
    @Test
    void aMalformedTimeIsA400ThatReachesNoWarehouse() throws Exception {
        String wallClockError = "{\"error\":\"Parameter since must be a time, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits and no offset.\"}";
        String momentError = "{\"error\":\"Parameter moment must be a time with an offset, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits,"
                + " then Z or +HH:MM.\"}";
        Map<String, String> bad = new LinkedHashMap<>();
        // No seconds, a month 13, hour 24, a leap second, February 29 of 2023, year 0, seven and ten fraction digits, trailing text,
        // a space or a t for the T, an unpadded month, an Arabic-Indic digit, and an offset where the time has none.
        for (String value : List.of("2024-03-10T12:00", "2024-13-10T12:00:00", "2024-03-10T24:00:00", "2024-03-10T23:59:60", "2023-02-29T00:00:00",
                "0000-01-01T00:00:00", "2024-03-10T12:00:00.1234567", "2024-03-10T12:00:00.1234567890", "2024-03-10T12:00:00x",
                "2024-03-10%2012:00:00", "2024-03-10t12:00:00", "2024-3-10T12:00:00", "%D9%A22024-03-10T12:00:00", "2024-03-10T12:00:00.",
                "2024-03-10T12:00:00Z", "2024-03-10T12:00:00%2B01:00")) {
            bad.put("since=" + value, wallClockError);
        }
        // No offset, offsets past 18 hours or unpadded or without a colon, a lower-case z, an unencoded + (a space), ten fraction digits, trailing text.
        for (String value : List.of("2024-03-10T12:00:00", "2024-03-10T12:00:00%2B25:00", "2024-03-10T12:00:00%2B18:01", "2024-03-10T12:00:00%2B5:30",
                "2024-03-10T12:00:00%2B0530", "2024-03-10T12:00:00z", "2024-03-10T12:00:00+01:00", "2024-03-10T12:00Z",
                "2024-03-10T12:00:00.1234567890Z", "2024-03-10T12:00:00Zx", "2023-02-29T00:00:00Z")) {
            bad.put("moment=" + value, momentError);
        }
        Path file = declared(work, SQL, PARAMETERS, COLUMNS);
        try (DataApi duckDb = DataApi.start(TestData.serverConfig(dataDir).withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (DataApi api : List.of(duckDb, onPostgres)) {
                assertAnswers(api.port(), 400, bad);
                assertThat(Http.get(api.port(), "/connector/e").body()).isEqualTo(answer(WALL_CLOCK.size(), MOMENTS.size()));
                Await.until(() -> requests(api, "status=\"400\"") == bad.size() && requests(api, "status=\"200\"") == 1, "the requests counted");
                assertThat(metric(api, "dataapi_query_seconds_count", "status=\"400\"")).as("queries of refused values").isEqualTo(-1);
                assertThat(metric(api, "dataapi_query_seconds_count", "status=\"200\"")).isEqualTo(1);
            }
        }
    }

    /**
     * A time compared with the other kind of timestamp, which each warehouse would convert in its session's time zone, a date
     * or text stops the start, advising the type that fits, or a CAST where none does; a string compared with a time is told of both,
     * and so is a date compared with a moment, which each warehouse would take as midnight in its session's time zone.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // The value :v is compared with | its type and example | DuckDB's type name | PostgreSQL's | advice
            "CAST('2024-01-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE) | timestamp, 2024-01-01T00:00:00 | TIMESTAMP WITH TIME ZONE | timestamptz | declare it timestamptz",
            "CAST('2024-01-01 00:00:00' AS TIMESTAMP)     | timestamptz, 2024-01-01T00:00:00Z | TIMESTAMP | timestamp | declare it timestamp",
            "CAST('2024-01-01' AS DATE)                   | timestamp, 2024-01-01T00:00:00    | DATE      | date      | declare it date",
            "CAST('2024-01-01' AS DATE)                   | timestamptz, 2024-01-01T00:00:00Z | DATE      | date      | declare it date",
            "CAST(1 AS BIGINT)                            | timestamptz, 2024-01-01T00:00:00Z | BIGINT    | int8      | declare it integer",
            "CAST('x' AS VARCHAR)                         | timestamp, 2024-01-01T00:00:00    | VARCHAR   | text      | have the SQL compare it with a TIMESTAMP, such as CAST(column AS TIMESTAMP) >= :v",
            "CAST('x' AS VARCHAR)                         | timestamptz, 2024-01-01T00:00:00Z | VARCHAR   | text      | have the SQL compare it with a TIMESTAMPTZ, such as CAST(column AS TIMESTAMPTZ) >= :v",
            "CAST('2024-01-01 00:00:00' AS TIMESTAMP)     | string, 2024-01-01 00:00:00       | TIMESTAMP | timestamp | declare it timestamp, or have the SQL read text there, such as CAST(column AS VARCHAR) = :v",
            "CAST('2024-01-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE) | date, 2024-01-01     | TIMESTAMP WITH TIME ZONE | timestamptz | declare it timestamptz, or have the SQL compare it with the moment's day in UTC, such as CAST(column AT TIME ZONE 'UTC' AS DATE) >= :v"})
    void aTimeComparedWithAnotherKindOfValueStopsTheStart(String value, String declared, String duckDbType, String postgresType, String advice)
            throws Exception {
        String[] typeAndExample = declared.split(", ");
        Path file = declared(work, "SELECT COUNT(*) AS n FROM (SELECT " + value + " AS c) AS r WHERE c >= :v",
                "{\"name\": \"v\", \"type\": \"" + typeAndExample[0] + "\", \"example\": \"" + typeAndExample[1] + "\"}",
                "{\"name\": \"N\", \"type\": \"integer\"}");
        for (Map.Entry<ServerConfig, String> warehouse : Map.of(TestData.serverConfig(dataDir), duckDbType, postgresConfig(), postgresType).entrySet()) {
            assertThatThrownBy(() -> DataApi.start(warehouse.getKey().withDeclaredEndpoints(EndpointsFile.read(file))))
                    .as(value).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("endpoint e: parameter v is declared " + typeAndExample[0] + ", but the warehouse reads :v as " + warehouse.getValue()
                            + ", which not every " + typeAndExample[0] + " value converts to; " + advice);
        }
    }

    /**
     * A date compared with a wall-clock time is its midnight, and one compared with a moment's day in UTC, as the refusal of a date
     * compared with a moment advises, is that day: each count computed from the rows in plain Java.
     */
    @Test
    void aDateIsComparedWithAWallClockTimeAndWithAMomentsDayInUtc() throws Exception {
        Path file = declared(work, "SELECT COUNT(*) FILTER (WHERE t >= :day) AS wall,"
                        + " COUNT(*) FILTER (WHERE CAST(tz AT TIME ZONE 'UTC' AS DATE) >= :day) AS moments FROM events",
                "{\"name\": \"day\", \"type\": \"date\", \"example\": \"2024-03-10\"}", COLUMNS);
        Map<String, String> answers = new LinkedHashMap<>();
        for (String day : List.of("2024-03-10", "2024-03-11", "2024-11-03", "2024-11-04", "0001-01-01", "0001-01-02", "1582-10-10", "9999-12-31")) {
            LocalDate date = LocalDate.parse(day);
            answers.put("day=" + day, answer(WALL_CLOCK.stream().filter(row -> !row.isBefore(date.atStartOfDay())).count(),
                    MOMENTS.stream().filter(row -> !row.atZoneSameInstant(ZoneOffset.UTC).toLocalDate().isBefore(date)).count()));
        }
        assertThat(answers).as("what the test expects").containsEntry("day=2024-03-11", answer(2, 2));
        assertBothWarehousesAnswer(file, answers);
    }

    /**
     * DuckDB compares a time with its TIMESTAMP_S and TIMESTAMP_MS as microseconds, so that a fraction of its unit is neither cut nor
     * rounded: each count computed from the rows in plain Java.
     */
    @Test
    void aTimeIsComparedExactlyWithDuckDbsSecondsAndMilliseconds() throws Exception {
        Path file = declared(work, "SELECT COUNT(*) FILTER (WHERE s >= :t) AS seconds, COUNT(*) FILTER (WHERE ms > :t) AS milliseconds FROM coarse",
                "{\"name\": \"t\", \"type\": \"timestamp\", \"example\": \"2024-03-10T12:00:00\"}",
                "{\"name\": \"SECONDS\", \"type\": \"integer\"}, {\"name\": \"MILLISECONDS\", \"type\": \"integer\"}");
        Map<String, String> answers = new LinkedHashMap<>();
        for (String t : List.of("2024-03-10T12:00:00", "2024-03-10T12:00:00.000001", "2024-03-10T11:59:59.999999", "2024-03-10T12:00:00.5",
                "2024-03-10T12:00:00.999999", "2024-03-10T12:00:00.000999", "2024-03-10T12:00:00.001", "2024-03-10T12:00:00.001001",
                "2024-03-10T11:59:59.998999", "0001-01-01T00:00:00", "0001-01-01T00:00:00.000001", "9999-12-31T23:59:58.999999",
                "9999-12-31T23:59:59.998999")) {
            LocalDateTime time = LocalDateTime.parse(t);
            answers.put("t=" + t, "[{\"SECONDS\":" + SECONDS.stream().filter(row -> !row.isBefore(time)).count()
                    + ",\"MILLISECONDS\":" + MILLISECONDS.stream().filter(row -> row.isAfter(time)).count() + "}]");
        }
        assertThat(answers).as("what the test expects").containsEntry("t=2024-03-10T12:00:00.000001", "[{\"SECONDS\":2,\"MILLISECONDS\":2}]");
        try (DataApi duckDb = DataApi.start(TestData.serverConfig(dataDir).withDeclaredEndpoints(EndpointsFile.read(file)))) {
            assertAnswers(duckDb.port(), 200, answers);
        }
    }

    /**
     * DuckDB converts a time or a date compared with its TIMESTAMP_NS to nanoseconds, which fails for one outside 1677 to 2262:
     * the start stops, advising a CAST of the column.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "timestamp, 2024-01-01T00:00:00 | have the SQL compare it with a TIMESTAMP, such as CAST(column AS TIMESTAMP) >= :v",
            "date, 2024-01-01               | have the SQL compare it with a date"})
    void aTimeOrADateComparedWithDuckDbsNanosecondsStopsTheStart(String declared, String advice) throws Exception {
        String[] typeAndExample = declared.split(", ");
        Path file = declared(work, "SELECT COUNT(*) AS n FROM (SELECT CAST('2024-01-01 00:00:00' AS TIMESTAMP_NS) AS c) AS r WHERE c >= :v",
                "{\"name\": \"v\", \"type\": \"" + typeAndExample[0] + "\", \"example\": \"" + typeAndExample[1] + "\"}",
                "{\"name\": \"N\", \"type\": \"integer\"}");
        assertThatThrownBy(() -> DataApi.start(TestData.serverConfig(dataDir).withDeclaredEndpoints(EndpointsFile.read(file))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint e: parameter v is declared " + typeAndExample[0] + ", but the warehouse reads :v as TIMESTAMP_NS, which not every "
                        + typeAndExample[0] + " value converts to; " + advice);
    }

    private static <T> List<T> times(Function<String, T> parse, String... texts) {
        return Stream.of(texts).map(parse).toList();
    }

    private static ServerConfig postgresConfig() {
        return TestData.postgresServerConfig(postgres.config(), 1, Duration.ofSeconds(5), RequestLimits.DEFAULTS);
    }
}
