package dataapi.report;

import dataapi.DataApi;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.Started;
import dataapi.TestData;
import dataapi.cache.ResultCache;
import dataapi.config.CacheConfig;
import dataapi.config.CacheLifetime;
import dataapi.config.RequestLimits;
import dataapi.family.ConnectorQueries;
import dataapi.family.SnowparkQueries;
import dataapi.http.AccessLog;
import dataapi.http.ApiServer;
import dataapi.http.Metrics;
import dataapi.http.ServerAccess;
import dataapi.warehouse.Warehouse;
import io.trino.tpch.Order;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A top 10 answered by a query says in {@code Server-Timing} which way it was summed, as the README's rule picks it
 * from the range's days, orders and customers, counted here over the generator's rows: on a server at the tests'
 * scale, where every range is summed from ORDERS, and on one whose thresholds are scaled down to the tests' data, where
 * each way runs. A repeat answered by the result cache says so instead.
 */
class TopCustomersPlanTest {
    private static final String PATH = "/customers/top10";
    /** The README's: "up to 184 days with about 55,000 orders or more". */
    private static final int WINDOW_DAYS = 184;
    private static final long WINDOW_ORDERS = 55_000;
    /** The README's "160,000 customers per 32MB per connection", for the tests' 64 MB and 4 connections. */
    private static final long CUSTOMERS_PER_RANGE = 160_000 * 64 / 32 / 4;
    /** The README's: key ranges read from the orders by customer when, from ORDERS, they would read three quarters of its orders. */
    private static final double BY_CUSTOMER_SCANS = 0.75;
    /** The scaled server's: the window totals from 300 expected orders (48 days at scale 0.01), ranges of 50 customers. */
    private static final long SCALED_WINDOW_ORDERS = 300;
    private static final int SCALED_CUSTOMERS_PER_RANGE = 50;

    private static DataApi atTestScale;
    private static Warehouse warehouse;
    private static Metrics metrics;
    private static ApiServer scaled;
    private static OrdersOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        atTestScale = DataApi.start(TestData.serverConfig(new CacheConfig(1 << 20, CacheLifetime.FOREVER)));
        warehouse = new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()), 2,
                Duration.ofSeconds(5), RequestLimits.DEFAULTS.statementTimeout());
        metrics = new Metrics();
        TpchTables tables = new TpchTables(new OrdersTable("orders"), Optional.of(new ClerkMonthlySalesTable()),
                Optional.of(new OrdersWindowTotalsTable(TestData.SCALE, SCALED_WINDOW_ORDERS)),
                Optional.of(new CustomerKeyRanges(TestData.SCALE, SCALED_CUSTOMERS_PER_RANGE)), Optional.of(new OrdersByCustomerTable(TestData.SCALE)));
        scaled = new ApiServer("127.0.0.1", 0, OptionalInt.empty(), Reports.all(tables),
                List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)), new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()),
                RequestLimits.DEFAULTS, warehouse::readiness, metrics, new AccessLog(line -> { }), ServerAccess.open()).start();
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @AfterAll
    static void stop() throws Exception {
        Started.closeAll(atTestScale, scaled, warehouse, metrics);
    }

    /** The tests' 15,000 orders and 1,000 ordering customers are too few for the window totals and fill one key range. */
    @Test
    void atTheTestsScaleEveryRangeIsSummedFromOrders() throws Exception {
        for (Range range : List.of(Range.of("1995-06-01", "1995-06-03"), Range.DEFAULT, Range.of("1992-01-01", "1998-12-31"))) {
            assertThat(expectedPlan(range, WINDOW_ORDERS, CUSTOMERS_PER_RANGE)).as(range.query()).isEqualTo("orders");
            assertPlan(atTestScale.port(), range, "orders");
        }
    }

    /**
     * Each range is far from the thresholds, so that the orders and customers the server expects of it (from dbgen's
     * uniform dates and customers) and those it has fall on the same side; twelve days have about 72 customers, two
     * ranges of 50 (which from ORDERS read a hundredth of its orders), and a year about 900, in 18 ranges (from ORDERS,
     * nearly three times its orders).
     */
    @Test
    void withThresholdsScaledToTheTestsDataEachWayRunsAndIsNamed() throws Exception {
        List<Range> ranges = List.of(Range.of("1995-06-01", "1995-06-03"), Range.DEFAULT, Range.of("1995-01-01", "1995-12-31"),
                Range.of("1996-01-01", "1996-01-12"));
        List<String> plans = ranges.stream().map(range -> expectedPlan(range, SCALED_WINDOW_ORDERS, SCALED_CUSTOMERS_PER_RANGE)).toList();
        assertThat(plans).containsExactly("orders", "window totals", "customer key ranges of orders by customer", "customer key ranges");
        for (int i = 0; i < ranges.size(); i++) {
            assertPlan(scaled.port(), ranges.get(i), plans.get(i));
        }
    }

    /** Both families name {@code plan} as they answer {@code range} with a query, and the cache as they answer it again. */
    private static void assertPlan(int port, Range range, String plan) throws Exception {
        String query = range.query();
        for (String family : List.of("/connector", "/snowpark")) {
            HttpResponse<String> computed = Http.get(port, family + PATH + query);
            assertThat(computed.statusCode()).as(family + query).isEqualTo(200);
            assertThat(computed.headers().firstValue("Server-Timing")).as(family + query)
                    .hasValueSatisfying(timing -> assertThat(timing).matches("query;dur=[0-9]+\\.[0-9]{2};desc=\"" + plan + "\""));
            HttpResponse<String> cached = Http.get(port, family + PATH + query);
            assertThat(cached.body()).isEqualTo(computed.body());
            assertThat(cached.headers().firstValue("Server-Timing")).as(family + query).hasValue("cache;desc=hit");
        }
    }

    /**
     * The README's rule over the generator's rows: the window totals for up to {@value #WINDOW_DAYS} days with
     * {@code windowOrders} orders or more; else ranges of customer keys where the range's customers are more than one
     * range holds, from the orders by customer where the ranges times the range's orders are at least
     * {@value #BY_CUSTOMER_SCANS} of all orders; else ORDERS.
     */
    private static String expectedPlan(Range range, long windowOrders, long customersPerRange) {
        List<Order> inRange = oracle.orders().stream()
                .filter(order -> order.getOrderDate() >= range.start().toEpochDay() && order.getOrderDate() <= range.end().toEpochDay())
                .toList();
        if (ChronoUnit.DAYS.between(range.start(), range.end()) + 1 <= WINDOW_DAYS && inRange.size() >= windowOrders) {
            return "window totals";
        }
        long keyRanges = (inRange.stream().map(Order::getCustomerKey).distinct().count() + customersPerRange - 1) / customersPerRange;
        if (keyRanges <= 1) {
            return "orders";
        }
        return keyRanges * inRange.size() >= BY_CUSTOMER_SCANS * oracle.orders().size() ? "customer key ranges of orders by customer" : "customer key ranges";
    }

    /** A date range and the query string that asks for it; the default range, the README's quarter, is asked without one. */
    private record Range(LocalDate start, LocalDate end, String query) {
        static final Range DEFAULT = new Range(LocalDate.parse("1995-01-01"), LocalDate.parse("1995-03-31"), "");

        static Range of(String start, String end) {
            return new Range(LocalDate.parse(start), LocalDate.parse(end), "?start_range=" + start + "&end_range=" + end);
        }
    }
}
