package dataapi.declared;

import dataapi.Await;
import dataapi.DataApi;
import dataapi.HoldDuckDbLock;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.RequestLimits;
import dataapi.config.ServerConfig;
import io.trino.tpch.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped example of declared endpoints, served by the embedded warehouse and by PostgreSQL:
 * each answer equals the one computed in plain Java from the generator's rows, byte for byte.
 */
class DeclaredEndpointsTest {
    private static final List<SqlEndpoint> EXAMPLE = EndpointsFile.read(EndpointsFileTest.EXAMPLE);
    private static TestPostgres postgres;
    private static DataApi embedded;
    private static DataApi onPostgres;
    private static OrdersOracle oracle;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
        postgres.loadOrders();
        embedded = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EXAMPLE));
        onPostgres = DataApi.start(TestData.postgresServerConfig(postgres.config(), 2, Duration.ofSeconds(5), RequestLimits.DEFAULTS)
                .withDeclaredEndpoints(EXAMPLE));
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @AfterAll
    static void stop() throws Exception {
        embedded.close();
        onPostgres.close();
        postgres.close();
    }

    @Test
    void ordersByPriorityEqualTheOracleOnBothWarehouses() throws Exception {
        for (String[] range : new String[][] {{"1995-01-01", "1995-03-31"}, {"1992-01-01", "1998-12-31"}, {"1996-02-29", "1996-02-29"},
                {"2001-01-01", "2001-12-31"}}) {
            String expected = byPriority(LocalDate.parse(range[0]), LocalDate.parse(range[1]));
            String path = "/connector/orders/by_priority?start_range=" + range[0] + "&end_range=" + range[1];
            for (DataApi api : List.of(embedded, onPostgres)) {
                HttpResponse<String> response = Http.get(api.port(), path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).isEqualTo(expected);
            }
        }
        assertThat(Http.get(embedded.port(), "/connector/orders/by_priority").body())
                .isEqualTo(byPriority(LocalDate.parse("1995-01-01"), LocalDate.parse("1995-03-31")));
    }

    @Test
    void aCustomersLatestOrdersEqualTheOracleOnBothWarehouses() throws Exception {
        for (long custkey : new long[] {370, 1, 1499, 3}) {
            for (int limit : new int[] {1, 3, 100}) {
                String path = "/connector/customers/" + custkey + "/orders?limit=" + limit;
                String expected = latestOrders(custkey, limit);
                for (DataApi api : List.of(embedded, onPostgres)) {
                    HttpResponse<String> response = Http.get(api.port(), path);
                    assertThat(response.statusCode()).as(path).isEqualTo(200);
                    assertThat(response.body()).as(path).isEqualTo(expected);
                }
            }
        }
        assertThat(latestOrders(370, 3)).as("the example has rows").startsWith("[{");
    }

    @Test
    void badInputIsA400WithTheDeclaredMessage() throws Exception {
        Map<String, String> refused = Map.of(
                "/connector/customers/0/orders", "Customer key must be a positive integer.",
                "/connector/customers/x/orders", "Customer key must be a positive integer.",
                "/connector/customers/1/orders?limit=101", "Parameter limit must be an integer from 1 to 100.",
                "/connector/orders/by_priority?start_range=1995-02-30", "Parameter start_range must be a date, YYYY-MM-DD.");
        for (Map.Entry<String, String> request : refused.entrySet()) {
            HttpResponse<String> response = Http.get(embedded.port(), request.getKey());
            assertThat(response.statusCode()).as(request.getKey()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"" + request.getValue() + "\"}");
        }
    }

    /** SQL alone has no DataFrame query, so the snowpark family does not route it; the description and the test page say so too. */
    @Test
    void onlyTheConnectorFamilyServesThem() throws Exception {
        assertThat(Http.get(embedded.port(), "/snowpark/orders/by_priority").statusCode()).isEqualTo(404);
        String document = Http.get(embedded.port(), "/openapi.json").body();
        assertThat(document).contains("\"/connector/orders/by_priority\"", "\"/connector/customers/{custkey}/orders\"")
                .doesNotContain("\"/snowpark/orders/by_priority\"");
        assertThat(Http.get(embedded.port(), "/test/endpoints.json").body())
                .contains("\"id\":\"customer_orders\",\"title\":\"A Customer's Latest Orders\",\"path\":\"/customers/{custkey}/orders\",\"families\":[\"connector\"]")
                .contains("\"id\":\"customers_top10\",\"title\":\"Top 10 Customers\",\"path\":\"/customers/top10\",\"families\":[\"connector\",\"snowpark\"]");
    }

    /** Values are bound in the order of the SQL's markers, whatever the order the parameters are declared in. */
    @Test
    void valuesAreBoundInTheOrderOfTheMarkers() throws Exception {
        Path file = Files.writeString(work.resolve("order.json"), """
                {"endpoints": [{"id": "orders_counted", "title": "Orders", "path": "/orders/counted",
                  "parameters": [{"name": "start_range", "type": "date", "example": "1995-01-01"},
                                 {"name": "end_range", "type": "date", "example": "1995-03-31"}],
                  "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_orderdate <= :end_range AND o_orderdate >= :start_range",
                  "columns": [{"name": "N", "type": "integer"}]}]}""");
        long expected = oracle.orders().stream().map(order -> LocalDate.ofEpochDay(order.getOrderDate()))
                .filter(date -> !date.isBefore(LocalDate.parse("1995-02-01")) && !date.isAfter(LocalDate.parse("1995-05-31"))).count();
        assertThat(expected).isPositive();
        try (DataApi api = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            assertThat(Http.get(api.port(), "/connector/orders/counted?start_range=1995-02-01&end_range=1995-05-31").body())
                    .isEqualTo("[{\"N\":" + expected + "}]");
        }
    }

    @Test
    void startUpStopsWhenTheWarehouseRefusesTheSqlOrItsColumnsOrValuesDoNotFit() throws Exception {
        assertStartRefused(TestData.serverConfig(), "SELECT o_orderkey, o_custkey FROM orders", "", "{\"name\": \"O_ORDERKEY\", \"type\": \"integer\"}",
                "endpoint e: its SQL returns the columns [O_ORDERKEY, O_CUSTKEY], but it declares [O_ORDERKEY]");
        assertStartRefused(TestData.serverConfig(), "SELECT AVG(o_totalprice) AS a FROM orders", "", "{\"name\": \"A\", \"type\": \"money\"}",
                "endpoint e: column A is declared money, but the SQL returns DOUBLE; declare it double, or CAST it in the SQL");
        assertStartRefused(TestData.serverConfig(), "SELECT SUM(o_custkey) AS s FROM orders", "", "{\"name\": \"S\", \"type\": \"integer\"}",
                "endpoint e: column S is declared integer, but the SQL returns HUGEINT; no column type is written from it: CAST it in the SQL");
        assertStartRefused(TestData.serverConfig(), "SELECT SUM(o_totalprice) AS s FROM orders", "", "{\"name\": \"S\", \"type\": \"integer\"}",
                "endpoint e: column S is declared integer, but the SQL returns DECIMAL(38,2); declare it decimal, or CAST it in the SQL");
        assertStartRefused(TestData.serverConfig(), "SELECT AVG(o_totalprice) AS a FROM orders", "", "{\"name\": \"A\", \"type\": \"decimal\"}",
                "endpoint e: column A is declared decimal, but the SQL returns DOUBLE; declare it double, or CAST it in the SQL");
        // Text that differs between warehouses: false and f, a timestamp's .0.
        assertStartRefused(TestData.serverConfig(), "SELECT o_orderstatus = 'F' AS f FROM orders", "", "{\"name\": \"F\", \"type\": \"string\"}",
                "endpoint e: column F is declared string, but the SQL returns BOOLEAN; declare it boolean, or CAST it in the SQL");
        assertStartRefused(postgresConfig(), "SELECT o_orderstatus = 'F' AS f FROM orders", "", "{\"name\": \"F\", \"type\": \"string\"}",
                "endpoint e: column F is declared string, but the SQL returns bool; declare it boolean, or CAST it in the SQL");
        assertStartRefused(TestData.serverConfig(), "SELECT CAST(o_orderdate AS TIMESTAMP) AS t FROM orders", "",
                "{\"name\": \"T\", \"type\": \"string\"}",
                "endpoint e: column T is declared string, but the SQL returns TIMESTAMP; declare it timestamp, or CAST it in the SQL");
        assertStartRefused(TestData.serverConfig(), "SELECT :note AS note", "{\"name\": \"note\", \"type\": \"string\", \"example\": \"x\"}",
                "{\"name\": \"NOTE\", \"type\": \"string\"}", "endpoint e: the warehouse cannot tell the type of a :name in its SQL before it"
                        + " runs; write CAST(:name AS type) where one stands alone, such as CAST(:note AS VARCHAR); a :name among a"
                        + " table function's arguments, such as range(:n), cannot be told even so");
        assertStartRefused(TestData.serverConfig(), "SELECT COUNT(*) AS n FROM range(CAST(:n AS BIGINT))",
                "{\"name\": \"n\", \"type\": \"integer\", \"example\": \"3\"}", "{\"name\": \"N\", \"type\": \"integer\"}",
                "endpoint e: the warehouse cannot tell the type of a :name in its SQL before it runs; write CAST(:name AS type) where one"
                        + " stands alone, such as CAST(:note AS VARCHAR); a :name among a table function's arguments, such as range(:n),"
                        + " cannot be told even so");
        // DuckDB's own named parameters are not markers to the reader: the warehouse counts a value where it sees none.
        assertStartRefused(TestData.serverConfig(), "SELECT CAST($abc AS INTEGER) AS one", "", "{\"name\": \"ONE\", \"type\": \"integer\"}",
                "endpoint e: the warehouse reads 1 values in its SQL, but the SQL has 0 :name markers");
        Path noSuchTable = declared(work, "SELECT 1 AS one FROM no_such_table", "", "{\"name\": \"ONE\", \"type\": \"integer\"}");
        assertThatThrownBy(() -> DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(noSuchTable))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint e: the warehouse refused its SQL: ")
                .hasMessageContaining("no_such_table")
                .hasMessageNotContaining("\n");
        assertThat(Http.get(embedded.port(), "/healthz").statusCode()).as("the running server is untouched").isEqualTo(200);
    }

    /**
     * A value the warehouse reads as a type its parameter's values do not all convert to stops the
     * start: a string compared with a number was a 500 on DuckDB for every request whose value was
     * not a number, and on PostgreSQL the warehouse's own words, which do not say what to declare.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // SQL | parameter's type and example | DuckDB's type name | PostgreSQL's | the name's type that fits, if any
            "SELECT COUNT(*) AS n FROM orders WHERE o_custkey = :v | string, 370 | BIGINT | int8 | integer",
            "SELECT COUNT(*) AS n FROM orders WHERE o_totalprice > :v | string, 100 | DECIMAL(15,2) | numeric | decimal",
            "SELECT COUNT(*) AS n FROM orders WHERE CAST(o_totalprice AS FLOAT8) > :v | string, 100 | DOUBLE | float8 | decimal",
            "SELECT COUNT(*) AS n FROM orders WHERE o_custkey = :v | decimal, 370.5 | BIGINT | int8 | integer",
            "SELECT COUNT(*) AS n FROM orders WHERE o_orderdate >= :v | decimal, 1.5 | DATE | date | date",
            "SELECT COUNT(*) AS n FROM orders WHERE (o_orderstatus = 'F') = :v | decimal, 1.5 | BOOLEAN | bool |",
            "SELECT COUNT(*) AS n FROM orders WHERE o_orderdate >= :v | string, 1995-01-01 | DATE | date | date",
            "SELECT COUNT(*) AS n FROM orders WHERE o_orderkey IN (:v, :v) | date, 1995-01-01 | BIGINT | int8 | integer",
            "SELECT COUNT(*) AS n FROM orders WHERE o_orderdate >= :v | integer, 1 | DATE | date | date",
            "SELECT COUNT(*) AS n FROM orders WHERE o_comment = :v OR o_custkey = :v | string, x | BIGINT | int8 | integer",
            "SELECT COUNT(*) AS n FROM orders WHERE (o_orderstatus = 'F') = :v | integer, 1 | BOOLEAN | bool |",
            "SELECT COUNT(*) AS n FROM orders WHERE (o_orderstatus = 'F') = :v | date, 1995-01-01 | BOOLEAN | bool |"})
    void aValueTheWarehouseReadsAsATypeItsParameterDoesNotConvertToStopsTheStart(String sql, String declared, String duckDbType,
                                                                                 String postgresType, String fitting) throws Exception {
        String[] typeAndExample = declared.split(", ");
        String parameter = "{\"name\": \"v\", \"type\": \"" + typeAndExample[0] + "\", \"example\": \"" + typeAndExample[1] + "\"}";
        // Only a string is sent as text: on DuckDB an integer compared with CAST(column AS VARCHAR) turns the column's text into numbers.
        String advice = !typeAndExample[0].equals("string") ? (fitting != null ? "declare it " + fitting
                : "have the SQL compare it with " + (typeAndExample[0].equals("date") ? "a date" : "a number"))
                : (fitting == null ? "" : "declare it " + fitting + ", or ") + "have the SQL read text there, such as CAST(column AS VARCHAR) = :v";
        for (Map.Entry<ServerConfig, String> warehouse : Map.of(TestData.serverConfig(), duckDbType, postgresConfig(), postgresType).entrySet()) {
            assertStartRefused(warehouse.getKey(), sql, parameter, "{\"name\": \"N\", \"type\": \"integer\"}",
                    "endpoint e: parameter v is declared " + typeAndExample[0] + ", but the warehouse reads :v as " + warehouse.getValue()
                            + ", which not every " + typeAndExample[0] + " value converts to; " + advice);
        }
    }

    /**
     * Values the warehouse reads as a type they all convert to are served, and so are values whose type
     * PostgreSQL cannot tell before one is bound (:c IS NULL), as before. (DuckDB describes no column
     * of a query with such a value, which stops the start, unless it is CAST.)
     */
    @Test
    void valuesOfTypesTheirParametersConvertToAndValuesOfUntoldTypesAreServed() throws Exception {
        Path file = Files.writeString(work.resolve("fits.json"), """
                {"endpoints": [
                  {"id": "by_customer", "title": "T", "path": "/by_customer", "parameters": [{"name": "c", "type": "integer", "example": "370"}],
                   "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_custkey = :c", "columns": [{"name": "N", "type": "integer"}]},
                  {"id": "as_text", "title": "T", "path": "/as_text", "parameters": [{"name": "c", "type": "string", "example": "370"}],
                   "sql": "SELECT COUNT(*) AS n FROM orders WHERE CAST(o_custkey AS VARCHAR) = :c", "columns": [{"name": "N", "type": "integer"}]},
                  {"id": "since", "title": "T", "path": "/since", "parameters": [{"name": "d", "type": "date", "example": "1998-01-01"}],
                   "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_orderdate >= CAST(:d AS TIMESTAMP)", "columns": [{"name": "N", "type": "integer"}]},
                  {"id": "status", "title": "T", "path": "/status", "parameters": [{"name": "s", "type": "string", "example": "F"}],
                   "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_orderstatus = :s OR o_comment LIKE :s",
                   "columns": [{"name": "N", "type": "integer"}]},
                  {"id": "number_text", "title": "T", "path": "/number_text", "parameters": [{"name": "c", "type": "integer", "example": "370"}],
                   "sql": "SELECT CAST(:c AS VARCHAR) AS c", "columns": [{"name": "C", "type": "string"}]}]}""");
        long ofCustomer = oracle.orders().stream().filter(order -> order.getCustomerKey() == 370).count();
        long since = oracle.orders().stream().filter(order -> !LocalDate.ofEpochDay(order.getOrderDate()).isBefore(LocalDate.parse("1998-01-01"))).count();
        long finished = oracle.orders().stream().filter(order -> order.getOrderStatus() == 'F').count();
        assertThat(List.of(ofCustomer, since, finished)).allMatch(count -> count > 0);
        try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (DataApi api : List.of(duckDb, onPostgres)) {
                assertThat(Http.get(api.port(), "/connector/by_customer?c=370").body()).isEqualTo("[{\"N\":" + ofCustomer + "}]");
                assertThat(Http.get(api.port(), "/connector/as_text?c=370").body()).isEqualTo("[{\"N\":" + ofCustomer + "}]");
                assertThat(Http.get(api.port(), "/connector/as_text?c=abc").body()).isEqualTo("[{\"N\":0}]");
                assertThat(Http.get(api.port(), "/connector/since?d=1998-01-01").body()).isEqualTo("[{\"N\":" + since + "}]");
                assertThat(Http.get(api.port(), "/connector/status?s=F").body()).isEqualTo("[{\"N\":" + finished + "}]");
                assertThat(Http.get(api.port(), "/connector/number_text?c=-12").body()).isEqualTo("[{\"C\":\"-12\"}]");
            }
        }
        Path untold = declared(work, "SELECT COUNT(*) AS n FROM orders WHERE :c IS NULL OR o_custkey = :c",
                "{\"name\": \"c\", \"type\": \"integer\", \"example\": \"370\"}", "{\"name\": \"N\", \"type\": \"integer\"}");
        try (DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(untold)))) {
            assertThat(Http.get(onPostgres.port(), "/connector/e?c=370").body()).isEqualTo("[{\"N\":" + ofCustomer + "}]");
        }
    }

    /**
     * A decimal threshold is compared exactly on both warehouses, with more decimals than the column has,
     * negative, or 18 digits long; a value that is no decimal, or out of bounds, is the declared 400 and
     * reaches no warehouse.
     */
    @Test
    void aDecimalIsComparedExactlyOnBothWarehousesAndABadOneIsA400() throws Exception {
        Path file = declared(work, "SELECT COUNT(*) AS n FROM orders WHERE o_totalprice > :min_price",
                "{\"name\": \"min_price\", \"type\": \"decimal\", \"example\": \"1000.50\", \"min\": -1e17, \"max\": 1e17}",
                "{\"name\": \"N\", \"type\": \"integer\"}");
        List<BigDecimal> prices = oracle.orders().stream().map(order -> BigDecimal.valueOf(order.getTotalPriceInCents(), 2)).toList();
        // A price some order has: a value a little below it counts that order only if it is not rounded to the column's cents.
        BigDecimal price = prices.get(prices.size() / 2);
        List<String> thresholds = List.of("1000.50", "1000.505", price.toPlainString(), price.subtract(new BigDecimal("0.004")).toPlainString(),
                price.subtract(new BigDecimal("0.005")).toPlainString(), price.add(new BigDecimal("0.001")).toPlainString(), "-1", "-0.5", "0",
                "0." + "0".repeat(16) + "1", "9".repeat(17), "-" + "9".repeat(15) + ".99", "0".repeat(13) + "1000.5", "-1" + "0".repeat(17),
                "123456789.123456789");
        try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (String threshold : thresholds) {
                long expected = prices.stream().filter(each -> each.compareTo(new BigDecimal(threshold)) > 0).count();
                for (DataApi api : List.of(duckDb, onPostgres)) {
                    HttpResponse<String> response = Http.get(api.port(), "/connector/e?min_price=" + threshold);
                    assertThat(response.statusCode()).as(threshold).isEqualTo(200);
                    assertThat(response.body()).as(threshold).isEqualTo("[{\"N\":" + expected + "}]");
                }
            }
            assertThat(prices.stream().filter(price::equals).count()).as("the order of that price").isPositive();
            String error = "{\"error\":\"Parameter min_price must be a decimal number from -1" + "0".repeat(17) + " to 1" + "0".repeat(17) + ".\"}";
            List<String> bad = List.of("1e3", "1E3", "%2B1", "1.", ".5", "-.5", "1,5", "%201", "1%20", "-", "1.2.3", "%D9%A1%D9%A2", "0x10",
                    "NaN", "Infinity", "1".repeat(19), "0." + "0".repeat(17) + "1", "1" + "0".repeat(16) + "1",
                    "-1" + "0".repeat(16) + "1");
            for (DataApi api : List.of(duckDb, onPostgres)) {
                for (String value : bad) {
                    HttpResponse<String> response = Http.get(api.port(), "/connector/e?min_price=" + value);
                    assertThat(response.statusCode()).as(value).isEqualTo(400);
                    assertThat(response.body()).as(value).isEqualTo(error);
                }
                Await.until(() -> requests(api, "status=\"400\"") == bad.size() && requests(api, "status=\"200\"") == thresholds.size(),
                        "the requests counted");
                assertThat(metric(api, "dataapi_query_seconds_count", "status=\"400\"")).as("queries of refused values").isEqualTo(-1);
                assertThat(metric(api, "dataapi_query_seconds_count", "status=\"200\"")).isEqualTo(thresholds.size());
            }
        }
    }

    static double requests(DataApi api, String status) {
        return metric(api, "http_server_requests_seconds_count", status);
    }

    /** The value of one of endpoint e's series in the server's metrics, or -1 if it has none. */
    static double metric(DataApi api, String name, String status) {
        return metric(api, "e", name, status);
    }

    /** The value of one of {@code endpoint}'s series in the server's metrics, or -1 if it has none. */
    static double metric(DataApi api, String endpoint, String name, String status) {
        try {
            Matcher sample = Pattern.compile("^" + Pattern.quote(name + "{endpoint=\"" + endpoint + "\",family=\"connector\"," + status) + "[^}]*} (\\S+)$",
                    Pattern.MULTILINE).matcher(Http.get(api.port(), "/metrics").body());
            return sample.find() ? Double.parseDouble(sample.group(1)) : -1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A negative LIMIT or OFFSET fails the query on both warehouses: the bounds the file must give a row
     * count make it a 400. An OFFSET needs no max: both warehouses skip any number of rows.
     */
    @Test
    void aNumberOfRowsOutsideItsBoundsIsA400OnBothWarehouses() throws Exception {
        Path file = declared(work, "SELECT o_orderkey FROM orders ORDER BY o_orderkey LIMIT :n OFFSET :o",
                "{\"name\": \"n\", \"type\": \"integer\", \"min\": 0, \"max\": 5, \"default\": \"2\"},"
                        + " {\"name\": \"o\", \"type\": \"integer\", \"min\": 0, \"default\": \"0\"}",
                "{\"name\": \"O_ORDERKEY\", \"type\": \"integer\"}");
        List<Long> keys = oracle.orders().stream().map(Order::getOrderKey).sorted().toList();
        try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig().withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (DataApi api : List.of(duckDb, onPostgres)) {
                assertThat(Http.get(api.port(), "/connector/e?n=2&o=3").body())
                        .isEqualTo("[{\"O_ORDERKEY\":" + keys.get(3) + "},{\"O_ORDERKEY\":" + keys.get(4) + "}]");
                assertThat(Http.get(api.port(), "/connector/e?n=0").body()).isEqualTo("[]");
                assertThat(Http.get(api.port(), "/connector/e?o=" + (keys.size() - 1)).body()).isEqualTo("[{\"O_ORDERKEY\":" + keys.get(keys.size() - 1) + "}]");
                assertThat(Http.get(api.port(), "/connector/e?o=" + Long.MAX_VALUE).body()).isEqualTo("[]");
                for (Map.Entry<String, String> negative : Map.of("n=-1", "Parameter n must be an integer from 0 to 5.",
                        "o=-1", "Parameter o must be an integer of at least 0.").entrySet()) {
                    HttpResponse<String> response = Http.get(api.port(), "/connector/e?" + negative.getKey());
                    assertThat(response.statusCode()).as(negative.getKey()).isEqualTo(400);
                    assertThat(response.body()).isEqualTo("{\"error\":\"" + negative.getValue() + "\"}");
                }
            }
        }
    }

    @Test
    void aDateReachesBothWarehousesAsTheClientWroteIt() throws Exception {
        // As text, and as a date the warehouse turns back into text: the parameter is typed either way.
        for (String sql : List.of("SELECT CAST(:d AS VARCHAR) AS d", "SELECT CAST(CAST(:d AS DATE) AS VARCHAR) AS d")) {
            Path file = declared(work, sql, "{\"name\": \"d\", \"type\": \"date\", \"example\": \"1995-01-01\"}",
                    "{\"name\": \"D\", \"type\": \"string\"}");
            try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)));
                 DataApi onPostgres = DataApi.start(postgresConfig()
                         .withDeclaredEndpoints(EndpointsFile.read(file)))) {
                // java.sql.Date has no 1582-10-05 to 1582-10-14: through it, 1582-10-10 became 1582-10-20.
                for (String date : List.of("1995-01-01", "1582-10-15", "1582-10-14", "1582-10-10", "1582-10-05", "1000-02-28", "0001-01-01",
                        "9999-12-31")) {
                    for (DataApi api : List.of(duckDb, onPostgres)) {
                        assertThat(Http.get(api.port(), "/connector/e?d=" + date).body()).as(sql + " " + date).isEqualTo("[{\"D\":\"" + date + "\"}]");
                    }
                }
            }
        }
    }

    /**
     * PostgreSQL's numeric without a scale passes the start's check of a money or integer column: its
     * values are known only when they come, and one the column's type would round is a 500.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "money   | 1.5   | 1.50 | 1.005 | column V is money, but a value has more than two decimal places: declare it decimal",
            "integer | 7.000 | 7    | 7.5   | column V is integer, but a value has a fraction: declare it decimal"})
    void aValueItsColumnsTypeWouldRoundIsA500AndTheLogSaysWhy(String type, String fits, String written, String wouldRound, String why)
            throws Exception {
        // A string reaches a number through text the SQL converts, as the check asks of a string the warehouse reads as a number.
        Path file = declared(work, "SELECT CAST(CAST(:v AS VARCHAR) AS numeric) AS v", "{\"name\": \"v\", \"type\": \"string\", \"example\": \"1\"}",
                "{\"name\": \"V\", \"type\": \"" + type + "\"}");
        try (DataApi api = DataApi.start(postgresConfig()
                .withDeclaredEndpoints(EndpointsFile.read(file)))) {
            assertThat(Http.get(api.port(), "/connector/e?v=" + fits).body()).isEqualTo("[{\"V\":" + written + "}]");
            String logged = StandardError.during(() -> {
                HttpResponse<String> response = Http.get(api.port(), "/connector/e?v=" + wouldRound);
                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(response.body()).isEqualTo("{\"error\":\"Internal server error. Check the logs for details.\"}");
            });
            // One line, naming the request, and no stack trace: it would come with every such request.
            assertThat(logged.lines()).singleElement().asString()
                    .contains("GET /connector/e: the result does not fit the endpoint's declaration: " + why);
        }
    }

    @Test
    void anIntegerColumnOfADecimalWithoutScaleHasAllItsDigitsOnBothWarehouses() throws Exception {
        // Snowflake's integers are NUMBER(38,0): as a long, the larger ones wrapped around.
        Path file = declared(work, "SELECT CAST(CAST(:v AS VARCHAR) AS DECIMAL(38,0)) AS n", "{\"name\": \"v\", \"type\": \"string\", \"example\": \"1\"}",
                "{\"name\": \"N\", \"type\": \"integer\"}");
        try (DataApi duckDb = DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file)));
             DataApi onPostgres = DataApi.start(postgresConfig()
                     .withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (String value : List.of("0", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                    "12345678901234567890", "-99999999999999999999999999999999999999")) {
                for (DataApi api : List.of(duckDb, onPostgres)) {
                    assertThat(Http.get(api.port(), "/connector/e?v=" + value).body()).as(value).isEqualTo("[{\"N\":" + value + "}]");
                }
            }
        }
    }

    /** Each answer is held whole in memory: one longer than the limit is refused, and changes nothing. */
    @Test
    void anAnswerLongerThanTheLimitIsA400AndOneAtItIsServed() throws Exception {
        long limit = 4096;
        Path file = declared(work, "SELECT o_orderkey FROM orders WHERE o_orderkey <= :n ORDER BY o_orderkey",
                "{\"name\": \"n\", \"type\": \"integer\", \"example\": \"1\"}", "{\"name\": \"O_ORDERKEY\", \"type\": \"integer\"}");
        RequestLimits limits = new RequestLimits(Duration.ofSeconds(30), 4, 32, Duration.ofSeconds(30), limit, Optional.empty());
        List<Long> keys = oracle.orders().stream().map(Order::getOrderKey).sorted().toList();
        try (DataApi api = DataApi.start(TestData.serverConfig(limits).withDeclaredEndpoints(EndpointsFile.read(file)))) {
            int served = 0;
            int refused = 0;
            for (int count = 150; count <= 260; count++) {
                String all = keys.subList(0, count).stream().map(key -> "{\"O_ORDERKEY\":" + key + "}").collect(Collectors.joining(",", "[", "]"));
                HttpResponse<String> response = Http.get(api.port(), "/connector/e?n=" + keys.get(count - 1));
                if (all.length() <= limit) {
                    assertThat(response.statusCode()).as("%d rows, %d bytes", count, all.length()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo(all);
                    served++;
                } else {
                    assertThat(response.statusCode()).as("%d rows, %d bytes", count, all.length()).isEqualTo(400);
                    assertThat(response.body())
                            .isEqualTo("{\"error\":\"The answer is longer than 4 KB, the most this server sends; ask for fewer rows.\"}");
                    refused++;
                }
            }
            assertThat(served).isPositive();
            assertThat(refused).isPositive();
            assertThat(Http.get(api.port(), "/connector/e?n=1").body()).isEqualTo("[{\"O_ORDERKEY\":1}]");
        }
    }

    @Test
    void theEmbeddedDuckDbReadsNothingButItsDatabase() throws Exception {
        Path csv = Files.writeString(work.resolve("secret.csv"), "a\n1\n");
        Map<String, String> refusals = Map.of(
                "SELECT COUNT(*) AS n FROM read_csv('" + csv + "')", "file system operations are disabled by configuration",
                "SELECT COUNT(*) AS n FROM '" + csv + "'", "file system operations are disabled by configuration",
                "SELECT COUNT(*) AS n FROM glob('" + work + "/*')", "file system operations are disabled by configuration",
                // Neither downloaded nor loaded: the extension's function is simply not there.
                "SELECT COUNT(*) AS n FROM sqlite_scan('" + work + "/other.db', 't')", "exists in the sqlite_scanner extension");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Path file = declared(work, refusal.getKey(), "", "{\"name\": \"N\", \"type\": \"integer\"}");
            assertThatThrownBy(() -> DataApi.start(TestData.serverConfig().withDeclaredEndpoints(EndpointsFile.read(file))))
                    .as(refusal.getKey()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("endpoint e: the warehouse refused its SQL: ")
                    .hasMessageContaining(refusal.getValue());
        }
    }

    @Test
    void anEndpointTheStartCouldNotCheckIsCheckedBeforeItsFirstQuery(@TempDir Path dataDir) throws Exception {
        Path file = TestData.copyOfDatabase(dataDir);
        Path declared = Files.writeString(work.resolve("late.json"), """
                {"endpoints": [
                  {"id": "fits", "title": "Fits", "path": "/fits", "parameters": [{"name": "status", "type": "string", "example": "F"}],
                   "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_orderstatus = :status", "columns": [{"name": "N", "type": "integer"}]},
                  {"id": "misfit", "title": "Misfit", "path": "/misfit", "parameters": [],
                   "sql": "SELECT o_orderkey, o_custkey FROM orders ORDER BY o_orderkey LIMIT 1", "columns": [{"name": "O_ORDERKEY", "type": "integer"}]},
                  {"id": "refused", "title": "Refused", "path": "/refused", "parameters": [],
                   "sql": "SELECT 1 AS one FROM no_such_table", "columns": [{"name": "ONE", "type": "integer"}]}]}""");
        long finished = oracle.orders().stream().filter(order -> order.getOrderStatus() == 'F').count();
        assertThat(finished).isPositive();
        try (HoldDuckDbLock.Held lock = HoldDuckDbLock.on(file);
             DataApi api = DataApi.start(TestData.serverConfig(dataDir).withDeclaredEndpoints(EndpointsFile.read(declared)))) {
            assertThat(Http.get(api.port(), "/connector/misfit").statusCode()).as("the warehouse is out of reach").isEqualTo(503);

            lock.release();
            Await.until(() -> Http.status(api.port(), "/readyz") == 200, "ready once the lock is released");
            for (int i = 0; i < 2; i++) {
                for (String id : List.of("misfit", "refused")) {
                    HttpResponse<String> misfit = Http.get(api.port(), "/connector/" + id);
                    assertThat(misfit.statusCode()).isEqualTo(500);
                    assertThat(misfit.body()).isEqualTo(
                            "{\"error\":\"Endpoint " + id + " does not fit its declaration, so it cannot run. Check the logs for details.\"}");
                }
            }
            HttpResponse<String> fits = Http.get(api.port(), "/connector/fits?status=F");
            assertThat(fits.statusCode()).isEqualTo(200);
            assertThat(fits.body()).isEqualTo("[{\"N\":" + finished + "}]");
        }
    }

    /**
     * PostgreSQL takes a table's lock as it prepares a query: while another session holds it, the
     * check can neither pass nor refuse. The start goes on without it, the request that checks waits
     * no longer than the statement timeout (504), and the endpoint serves once the lock is gone.
     */
    @Test
    @Timeout(120) // a check that waited for the lock would wait for good: the test releases it only after
    void aCheckTheWarehouseCouldNotFinishIsBoundedByTheStatementTimeoutAndTriedAgain() throws Exception {
        try (Connection setUp = postgres.connect()) {
            setUp.createStatement().execute("CREATE TABLE IF NOT EXISTS locked (id integer)");
            setUp.createStatement().execute("TRUNCATE locked; INSERT INTO locked VALUES (1), (2), (2)");
        }
        Path declared = Files.writeString(work.resolve("locked.json"), """
                {"endpoints": [{"id": "count", "title": "Count", "path": "/count", "parameters": [{"name": "id", "type": "integer", "example": "2"}],
                  "sql": "SELECT COUNT(*) AS n FROM locked WHERE id = :id", "columns": [{"name": "N", "type": "integer"}]}]}""");
        Duration timeout = Duration.ofSeconds(1);
        try (Connection holder = postgres.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
            long started = System.nanoTime();
            try (DataApi api = DataApi.start(TestData.postgresServerConfig(postgres.config(), 1, Duration.ofSeconds(5),
                    new RequestLimits(timeout, 4, 32, Duration.ofSeconds(5))).withDeclaredEndpoints(EndpointsFile.read(declared)))) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the start").isLessThan(timeout.multipliedBy(10));
                for (int i = 0; i < 2; i++) {
                    long asked = System.nanoTime();
                    HttpResponse<String> waited = Http.get(api.port(), "/connector/count?id=2");
                    assertThat(waited.statusCode()).as(waited.body()).isEqualTo(504);
                    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(timeout.multipliedBy(10));
                }

                holder.rollback();
                HttpResponse<String> served = Http.get(api.port(), "/connector/count?id=2");
                assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
                assertThat(served.body()).isEqualTo("[{\"N\":2}]");
            }
        }
    }

    /** Columns are written by position: a table whose columns moved after the check must not have its values written under other names. */
    @Test
    void aResultWhoseColumnsChangedSinceTheCheckIsA500NotValuesUnderOtherNames() throws Exception {
        try (Connection setUp = postgres.connect()) {
            setUp.createStatement().execute("DROP TABLE IF EXISTS reshaped; CREATE TABLE reshaped (id integer, price numeric(10,2), qty integer);"
                    + " INSERT INTO reshaped VALUES (8, 80.00, 12)");
        }
        Path declared = Files.writeString(work.resolve("reshaped.json"), """
                {"endpoints": [{"id": "item", "title": "Item", "path": "/item", "parameters": [{"name": "id", "type": "integer", "example": "8"}],
                  "sql": "SELECT * FROM reshaped WHERE id = :id",
                  "columns": [{"name": "ID", "type": "integer"}, {"name": "PRICE", "type": "money"}, {"name": "QTY", "type": "integer"}]}]}""");
        try (DataApi api = DataApi.start(postgresConfig()
                .withDeclaredEndpoints(EndpointsFile.read(declared)))) {
            assertThat(Http.get(api.port(), "/connector/item?id=8").body()).isEqualTo("[{\"ID\":8,\"PRICE\":80.00,\"QTY\":12}]");
            try (Connection change = postgres.connect()) {
                change.createStatement().execute("BEGIN; DROP TABLE reshaped; CREATE TABLE reshaped (id integer, qty integer, price numeric(10,2));"
                        + " INSERT INTO reshaped VALUES (8, 12, 80.00); COMMIT");
            }

            HttpResponse<String> changed = Http.get(api.port(), "/connector/item?id=8");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(500);
            assertThat(changed.body()).doesNotContain("80").doesNotContain("reshaped");
        }
    }

    /** A server on the test database, with one pooled connection. */
    private static ServerConfig postgresConfig() {
        return TestData.postgresServerConfig(postgres.config(), 1, Duration.ofSeconds(5), RequestLimits.DEFAULTS);
    }

    private void assertStartRefused(ServerConfig config, String sql, String parameters, String columns, String message) throws Exception {
        Path file = declared(work, sql, parameters, columns);
        assertThatThrownBy(() -> DataApi.start(config.withDeclaredEndpoints(EndpointsFile.read(file))))
                .as(sql).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    /** An endpoints file in {@code dir} of one endpoint, e at /e, of the SQL, parameters and columns given. */
    static Path declared(Path dir, String sql, String parameters, String columns) throws Exception {
        return Files.writeString(dir.resolve("e.json"), """
                {"endpoints": [{"id": "e", "title": "E", "path": "/e", "parameters": [%s], "sql": "%s", "columns": [%s]}]}"""
                .formatted(parameters, sql, columns));
    }

    /** The orders of a date range by priority, as the API writes them, from the generator's rows. */
    private static String byPriority(LocalDate start, LocalDate end) {
        return oracle.byPriority(start, end).stream()
                .map(row -> "{\"O_ORDERPRIORITY\":\"" + row.priority() + "\",\"SUM_TOTALPRICE\":" + OrdersOracle.money(row.cents())
                        + ",\"ORDER_COUNT\":" + row.orders() + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String latestOrders(long custkey, int limit) {
        return oracle.orders().stream()
                .filter(order -> order.getCustomerKey() == custkey)
                .sorted(Comparator.comparingInt(Order::getOrderDate).reversed().thenComparingLong(Order::getOrderKey))
                .limit(limit)
                .map(order -> "{\"O_ORDERKEY\":" + order.getOrderKey() + ",\"O_ORDERDATE\":\"" + LocalDate.ofEpochDay(order.getOrderDate())
                        + "\",\"O_ORDERSTATUS\":\"" + order.getOrderStatus() + "\",\"O_TOTALPRICE\":" + OrdersOracle.money(order.getTotalPriceInCents()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
