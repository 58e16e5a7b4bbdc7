package dataapi.declared;

import dataapi.DataApi;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.Started;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.CacheConfig;
import dataapi.config.CacheLifetime;
import dataapi.config.RequestLimits;
import dataapi.config.ServerConfig;
import io.trino.tpch.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dataapi.declared.DeclaredEndpointsTest.declared;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Optional query parameters ({@code "required": false}) of every type, on the embedded DuckDB and on PostgreSQL: a
 * request that leaves one out, or sends it empty, binds a NULL of its type, which the SQL reads as no filter. Each
 * count is the one plain Java makes of the generator's rows. DuckDB cannot type a value that stands alone in
 * {@code :v IS NULL}, so its SQL CASTs it there; PostgreSQL's is left bare, which it can type only from the NULL's type.
 */
class OptionalParametersTest {
    /** Each parameter, the type DuckDB's SQL CASTs it to where it stands alone, the filter it is in, and that filter in plain Java. */
    private record Filter(String parameter, String castTo, String sql, BiPredicate<Order, String> keeps) {
    }

    private static final List<Filter> FILTERS = List.of(
            new Filter("custkey", "BIGINT", "o_custkey = :custkey", (order, value) -> order.getCustomerKey() == Long.parseLong(value)),
            new Filter("min_price", "VARCHAR", "o_totalprice >= :min_price",
                    (order, value) -> BigDecimal.valueOf(order.getTotalPriceInCents(), 2).compareTo(new BigDecimal(value)) >= 0),
            new Filter("status", "VARCHAR", "o_orderstatus = :status", (order, value) -> String.valueOf(order.getOrderStatus()).equals(value)),
            new Filter("since", "DATE", "o_orderdate >= :since", (order, value) -> !day(order).isBefore(LocalDate.parse(value))),
            new Filter("before", "TIMESTAMP", "CAST(o_orderdate AS TIMESTAMP) < :before",
                    (order, value) -> day(order).atStartOfDay().isBefore(LocalDateTime.parse(value))),
            new Filter("until", "TIMESTAMPTZ", "CAST(o_orderdate AS TIMESTAMP) AT TIME ZONE 'UTC' < :until",
                    (order, value) -> day(order).atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(OffsetDateTime.parse(value).toInstant())));
    private static final String PARAMETERS = """
            {"name": "custkey", "type": "integer", "required": false, "min": 1, "example": "370"},
            {"name": "min_price", "type": "decimal", "required": false, "example": "1000.50"},
            {"name": "status", "type": "string", "required": false, "maxLength": 4, "example": "F"},
            {"name": "since", "type": "date", "required": false, "example": "1995-01-01"},
            {"name": "before", "type": "timestamp", "required": false, "example": "1996-01-01T00:00:00"},
            {"name": "until", "type": "timestamptz", "required": false, "example": "1996-01-01T00:00:00Z"}""";

    private static final String OPTIONAL_STATUS = "{\"name\": \"status\", \"type\": \"string\", \"required\": false, \"example\": \"F\"}";
    private static final String COUNT = "{\"name\": \"N\", \"type\": \"integer\"}";

    private static TestPostgres postgres;
    private static OrdersOracle oracle;
    private static DataApi duckDb;
    private static DataApi onPostgres;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
        postgres.loadOrders();
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
        duckDb = DataApi.start(TestData.serverConfig(new CacheConfig(1 << 20, CacheLifetime.FOREVER))
                .withDeclaredEndpoints(EndpointsFile.read(endpoints("duckdb", filter -> "CAST(:" + filter.parameter() + " AS " + filter.castTo() + ")"))));
        onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(endpoints("postgres", filter -> ":" + filter.parameter()))));
    }

    @AfterAll
    static void stop() throws Exception {
        Started.closeAll(duckDb, onPostgres, postgres);
    }

    /**
     * Endpoint e, of every filter, each "(value IS NULL OR filter)" with the value written as {@code alone} has it; and
     * endpoint two_texts, of two optional strings, whose absent values must keep its requests apart in the result cache.
     */
    private static Path endpoints(String name, Function<Filter, String> alone) throws Exception {
        String where = FILTERS.stream().map(filter -> "(" + alone.apply(filter) + " IS NULL OR " + filter.sql() + ")").collect(Collectors.joining(" AND "));
        return Files.writeString(work.resolve(name + ".json"), """
                {"endpoints": [
                  {"id": "e", "title": "E", "path": "/e", "parameters": [%s],
                   "sql": "SELECT COUNT(*) AS n FROM orders WHERE %s", "columns": [{"name": "N", "type": "integer"}]},
                  {"id": "two_texts", "title": "Two texts", "path": "/two_texts",
                   "parameters": [{"name": "status", "type": "string", "required": false, "example": "F"},
                                  {"name": "priority", "type": "string", "required": false, "example": "1-URGENT"}],
                   "sql": "SELECT COUNT(*) AS n FROM orders WHERE (CAST(:status AS VARCHAR) IS NULL OR o_orderstatus = :status) AND (CAST(:priority AS VARCHAR) IS NULL OR o_orderpriority = :priority)",
                   "columns": [{"name": "N", "type": "integer"}]}]}""".formatted(PARAMETERS, where));
    }

    /** A server on the test database, with one pooled connection. */
    private static ServerConfig postgresConfig() {
        return TestData.postgresServerConfig(postgres.config(), 1, Duration.ofSeconds(5), RequestLimits.DEFAULTS);
    }

    /**
     * Without a value, or with an empty one, a filter keeps every row; with one, only its rows, whichever others are
     * given. The text "null" and a space are values of a string like any other.
     */
    @Test
    void eachCountIsTheOnePlainJavaMakesWithAndWithoutEachValue() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("custkey", "370");
        values.put("min_price", "150000.505");
        values.put("status", "F");
        values.put("since", "1997-06-01");
        values.put("before", "1993-07-01T12:00:00.5");
        values.put("until", "1993-07-01T00:00:00.000001+02:00");
        List<Map<String, String>> requests = new ArrayList<>();
        requests.add(Map.of());
        values.forEach((name, value) -> requests.add(Map.of(name, value)));
        requests.add(Map.of("custkey", "370", "status", "F"));
        requests.add(Map.of("custkey", "370", "status", "F", "before", "1996-01-01T00:00:00", "min_price", "1000"));
        requests.add(Map.of("custkey", "", "min_price", "", "status", "", "since", "", "before", "", "until", ""));
        requests.add(Map.of("status", "", "since", "1997-06-01"));
        requests.add(Map.of("status", "null"));
        requests.add(Map.of("status", " "));
        long everyOrder = oracle.orders().size();
        assertThat(count(Map.of())).isEqualTo(everyOrder);
        for (Map<String, String> request : requests) {
            long expected = count(request);
            if (request.values().stream().anyMatch(value -> !value.isBlank() && !value.equals("null"))) {
                assertThat(expected).as("%s filters some orders out", request).isBetween(1L, everyOrder - 1);
            }
            String query = request.entrySet().stream().map(value -> value.getKey() + "=" + URLEncoder.encode(value.getValue(), UTF_8))
                    .collect(Collectors.joining("&"));
            for (DataApi api : List.of(duckDb, onPostgres)) {
                HttpResponse<String> response = Http.get(api.port(), "/connector/e" + (query.isEmpty() ? "" : "?" + query));
                assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
                assertThat(response.body()).as(query).isEqualTo("[{\"N\":" + expected + "}]");
            }
        }
    }

    /** A value that is given is read as that of a required parameter: one that does not fit is the usual 400. */
    @Test
    void aValueThatDoesNotFitIsA400() throws Exception {
        Map<String, String> refused = Map.of(
                "custkey=0", "Parameter custkey must be an integer of at least 1.",
                "custkey=x", "Parameter custkey must be an integer of at least 1.",
                "min_price=1e3", "Parameter min_price must be a decimal number.",
                "status=OPENS", "Parameter status must be at most 4 characters without control characters.",
                "since=1995-02-30", "Parameter since must be a date, YYYY-MM-DD.",
                "before=1996-01-01", "Parameter before must be a time, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits and no offset.",
                "until=1996-01-01T00:00:00", "Parameter until must be a time with an offset, YYYY-MM-DDTHH:MM:SS with at most 6 fraction digits, then Z or +HH:MM.",
                "status=F&status=", "Parameter status was given more than once.");
        for (DataApi api : List.of(duckDb, onPostgres)) {
            for (Map.Entry<String, String> request : refused.entrySet()) {
                HttpResponse<String> response = Http.get(api.port(), "/connector/e?" + request.getKey());
                assertThat(response.statusCode()).as(request.getKey()).isEqualTo(400);
                assertThat(response.body()).as(request.getKey()).isEqualTo("{\"error\":\"" + request.getValue() + "\"}");
            }
        }
    }

    /**
     * A left-out value is one key of the result cache, an empty one the same, and a given one another, with its own ETag;
     * of two optional strings, one given is not the other given the same text.
     */
    @Test
    void leftOutAndGivenAreTwoEntriesOfTheCacheWithTwoEtags() throws Exception {
        long finished = oracle.orders().stream().filter(order -> order.getOrderStatus() == 'F').count();
        long urgent = oracle.orders().stream().filter(order -> order.getOrderPriority().equals("1-URGENT")).count();
        assertThat(List.of(finished, urgent)).allMatch(count -> count > 0 && count < oracle.orders().size());

        HttpResponse<String> leftOut = assertAnswer("/connector/two_texts", false, oracle.orders().size());
        HttpResponse<String> empty = assertAnswer("/connector/two_texts?status=", true, oracle.orders().size());
        assertThat(etag(empty)).isEqualTo(etag(leftOut));
        HttpResponse<String> given = assertAnswer("/connector/two_texts?status=F", false, finished);
        assertThat(etag(given)).isNotEqualTo(etag(leftOut));
        assertAnswer("/connector/two_texts?priority=F", false, 0);
        assertAnswer("/connector/two_texts?status=1-URGENT", false, 0);
        assertAnswer("/connector/two_texts?priority=1-URGENT", false, urgent);
        assertAnswer("/connector/two_texts?status=null", false, 0);
        assertThat(etag(assertAnswer("/connector/two_texts?priority=&status=F", true, finished))).isEqualTo(etag(given));
        assertThat(etag(assertAnswer("/connector/two_texts", true, oracle.orders().size()))).isEqualTo(etag(leftOut));
    }

    /** The answer to one request of the cached server, from its cache or from a query, and the count it holds. */
    private static HttpResponse<String> assertAnswer(String path, boolean fromTheCache, long count) throws Exception {
        HttpResponse<String> response = Http.get(duckDb.port(), path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.body()).as(path).isEqualTo("[{\"N\":" + count + "}]");
        assertThat(response.headers().firstValue("Server-Timing")).as(path)
                .hasValueSatisfying(timing -> assertThat(timing.equals("cache;desc=hit")).isEqualTo(fromTheCache));
        return response;
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    /** DuckDB cannot type a value that stands alone in {@code :v IS NULL}: the start stops with its usual words, which say to CAST it. */
    @Test
    void aValueDuckDbCannotTypeStopsItsStartWithItsAdvice(@TempDir Path dir) throws Exception {
        List<SqlEndpoint> bare = EndpointsFile.read(declared(dir, "SELECT COUNT(*) AS n FROM orders WHERE (:status IS NULL OR o_orderstatus = :status)",
                OPTIONAL_STATUS, COUNT));
        assertThatThrownBy(() -> DataApi.start(TestData.serverConfig().withDeclaredEndpoints(bare)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint e: the warehouse cannot tell the type of a :name in its SQL before it runs; write CAST(:name AS type) where"
                        + " one stands alone, such as CAST(:note AS VARCHAR); a :name among a table function's arguments, such as range(:n),"
                        + " cannot be told even so");
    }

    /**
     * PostgreSQL types a value that stands alone in {@code :v IS NULL} only once one is sent: its start still compares
     * every other value the SQL reads with its declared type, a required one beside it, and the same parameter where
     * the SQL compares it.
     */
    @Test
    void thePostgresStartComparesTheValuesBesideOneItCannotType(@TempDir Path dir) throws Exception {
        List<SqlEndpoint> requiredBeside = EndpointsFile.read(declared(dir,
                "SELECT COUNT(*) AS n FROM orders WHERE o_custkey = :c AND (:status IS NULL OR o_orderstatus = :status)",
                "{\"name\": \"c\", \"type\": \"string\", \"example\": \"370\"}, " + OPTIONAL_STATUS, COUNT));
        List<SqlEndpoint> comparedLater = EndpointsFile.read(declared(dir, "SELECT COUNT(*) AS n FROM orders WHERE (:c IS NULL OR o_custkey = :c)",
                "{\"name\": \"c\", \"type\": \"string\", \"required\": false, \"example\": \"370\"}", COUNT));
        for (List<SqlEndpoint> endpoints : List.of(requiredBeside, comparedLater)) {
            assertThatThrownBy(() -> DataApi.start(postgresConfig().withDeclaredEndpoints(endpoints)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("endpoint e: parameter c is declared string, but the warehouse reads :c as int8, which not every string value"
                            + " converts to; declare it integer, or have the SQL read text there, such as CAST(column AS VARCHAR) = :c");
        }
    }

    /** The orders that each value of {@code request} keeps, an empty value keeping them all. */
    private static long count(Map<String, String> request) {
        return oracle.orders().stream().filter(order -> FILTERS.stream().allMatch(filter -> {
            String value = request.get(filter.parameter());
            return value == null || value.isEmpty() || filter.keeps().test(order, value);
        })).count();
    }

    private static LocalDate day(Order order) {
        return LocalDate.ofEpochDay(order.getOrderDate());
    }
}
