package dataapi.report;

import dataapi.OrdersOracle;
import dataapi.OrdersOracle.CustomerTotal;
import dataapi.TestData;
import dataapi.config.RequestLimits;
import dataapi.family.ConnectorQueries;
import dataapi.family.QueryFamily;
import dataapi.family.SnowparkQueries;
import dataapi.report.TopCustomers.DateRange;
import dataapi.tpch.OrderDates;
import dataapi.tpch.ScaleFactor;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.Warehouse;
import io.trino.tpch.Order;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way the embedded data's top 10 is summed gives the top 10 of every order of the range, in
 * both families: by ranges of customer keys, from ORDERS or from the orders stored by customer, on
 * the generator's rows; and from the orders' window totals bounded by a first pass, on those and on
 * made-up orders full of ties and of customers whose orders sit at the edges of each other's windows.
 */
class TopCustomersExactTest {
    private static final OrdersTable ORDERS = new OrdersTable("orders");
    // At scale 0.01 the whole span has about 1,000 ordering customers: up to 20 ranges of 50.
    private static final TpchTables BY_RANGES_OF_50 = new TpchTables(ORDERS, Optional.empty(), Optional.empty(),
            Optional.of(new CustomerKeyRanges(TestData.SCALE, 50)), Optional.empty());
    /** The same, every range read from the orders by customer. */
    private static final TpchTables BY_RANGES_OF_50_BY_CUSTOMER = new TpchTables(ORDERS, Optional.empty(), Optional.empty(),
            Optional.of(new CustomerKeyRanges(TestData.SCALE, 50)), Optional.of(new OrdersByCustomerTable(TestData.SCALE, 0)));

    private static Warehouse warehouse;
    private static OrdersOracle oracle;

    @BeforeAll
    static void open() throws Exception {
        warehouse = new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()),
                2, Duration.ofSeconds(5), RequestLimits.DEFAULTS.statementTimeout());
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @AfterAll
    static void close() throws Exception {
        warehouse.close();
    }

    @ParameterizedTest(name = "{0} to {1} in {2} ranges, by customer: {3}")
    @CsvSource({
            "1995-01-01, 1995-03-31, 9, false",
            "1992-01-01, 1998-12-31, 20, false",
            "1996-02-01, 1996-02-14, 2, false",
            "1995-01-01, 1995-03-31, 9, true",
            "1992-01-01, 1998-12-31, 20, true",
            "1996-02-01, 1996-02-14, 2, true",
    })
    void rangeByRangeEqualsTheGeneratorsTop10(LocalDate start, LocalDate end, int ranges, boolean byCustomer) throws Exception {
        TopCustomers top10 = new TopCustomers(byCustomer ? BY_RANGES_OF_50_BY_CUSTOMER : BY_RANGES_OF_50);
        DateRange range = new DateRange(start, end);

        assertThat(top10.connectorQuery(range).bindValues()).hasSize(4 * ranges);
        assertReadsOrdersByCustomer(top10, range, byCustomer);
        assertBothFamiliesAnswer(warehouse, top10, range, oracle.top10(start, end));
    }

    /** A first pass over fewer orders gives a lower bound; at 1,200,000 scale factor 0.01 often has no ten customers for one. */
    @ParameterizedTest(name = "first pass from {0}")
    @ValueSource(strings = {"200000.00", "600000.00", "1200000.00"})
    void everyRangeUpTo184DaysEqualsTheGeneratorsTop10(String firstPassMinimum, @TempDir Path dir) throws Exception {
        BigDecimal minimum = new BigDecimal(firstPassMinimum);
        Path copy = TestData.copyOfDatabase(dir);
        withLeadersFrom(copy, minimum);
        TopCustomers top10 = fromWindowTotals(TestData.SCALE);
        long[] windowTotals = oracle.windowTotalCents(183);
        // The first and last 184 days, whose windows the data cuts short, a range from before the data, and random ranges.
        List<DateRange> ranges = new ArrayList<>(List.of(
                new DateRange(OrderDates.FIRST, OrderDates.FIRST.plusDays(183)),
                new DateRange(OrderDates.LAST.minusDays(183), OrderDates.LAST),
                new DateRange(OrderDates.FIRST.minusDays(100), OrderDates.FIRST.plusDays(83))));
        Random random = new Random(minimum.longValue());
        for (int i = 0; i < 40; i++) {
            LocalDate start = OrderDates.FIRST.minusDays(30).plusDays(random.nextInt((int) OrderDates.DAYS + 30));
            int days = i % 4 == 0 ? 184 : 1 + random.nextInt(184);
            ranges.add(new DateRange(start, start.plusDays(days - 1)));
        }
        int rangesWithOrdersLeftOut = 0;
        try (Warehouse onCopy = new Warehouse("copy", SQLDialect.DUCKDB, TestData.duckDb(copy),
                1, Duration.ofSeconds(5), RequestLimits.DEFAULTS.statementTimeout())) {
            for (DateRange range : ranges) {
                assertFromWindowTotals(top10, range);
                assertBothFamiliesAnswer(onCopy, top10, range, oracle.top10(range.start(), range.end()));
                if (ordersLeftOut(oracle, windowTotals, range, minimum.movePointRight(2).longValueExact()) > 0) {
                    rangesWithOrdersLeftOut++;
                }
            }
        }
        if (minimum.compareTo(new BigDecimal("600000")) <= 0) {
            assertThat(rangesWithOrdersLeftOut).as("ranges whose second pass leaves orders out").isGreaterThan(20);
        }
    }

    @Test
    void madeUpOrdersWithTiesAndOrdersAtTheWindowsEdges(@TempDir Path dir) throws Exception {
        List<Order> orders = madeUpOrders(new Random(11));
        Path file = dir.resolve("made-up.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (o_orderkey BIGINT, o_custkey BIGINT, o_totalprice DECIMAL(15, 2), o_orderdate DATE)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)")) {
                for (Order order : orders) {
                    insert.setLong(1, order.getOrderKey());
                    insert.setLong(2, order.getCustomerKey());
                    insert.setBigDecimal(3, BigDecimal.valueOf(order.getTotalPriceInCents(), 2));
                    insert.setString(4, LocalDate.ofEpochDay(order.getOrderDate()).toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            statement.execute("CREATE TABLE " + OrdersWindowTotalsTable.NAME + " AS " + OrdersWindowTotalsTable.DEFINITION);
        }
        OrdersOracle madeUp = new OrdersOracle(orders);
        TopCustomers top10 = fromWindowTotals(ScaleFactor.parse("1"));
        for (String firstPassMinimum : new String[]{"100.00", "200.00", "350.00"}) {
            withLeadersFrom(file, new BigDecimal(firstPassMinimum));
            try (Warehouse made = new Warehouse("made up", SQLDialect.DUCKDB, TestData.duckDb(file),
                    1, Duration.ofSeconds(5), RequestLimits.DEFAULTS.statementTimeout())) {
                for (LocalDate start = MADE_UP_FIRST.minusDays(10); start.isBefore(MADE_UP_LAST); start = start.plusDays(9)) {
                    for (int days : new int[]{1, 30, 183, 184, 185, 400}) {
                        DateRange range = new DateRange(start, start.plusDays(days - 1));
                        if (days <= 184) {
                            assertFromWindowTotals(top10, range);
                        } else {
                            assertThat(top10.connectorQuery(range).sql()).doesNotContain(OrdersWindowTotalsTable.NAME);
                        }
                        assertBothFamiliesAnswer(made, top10, range, madeUp.top10(range.start(), range.end()));
                    }
                }
            }
        }
    }

    @Test
    void shortRangesAndLongOnesAreSummedFromOrders() {
        TopCustomers top10 = new TopCustomers(TpchTables.embedded(ORDERS, ScaleFactor.parse("10"),
                new CustomerKeyRanges(ScaleFactor.parse("10"), 200_000)));

        // About 50,000 orders in eight days at scale factor 10, fewer than the window totals pay for; 56,000 in nine.
        assertThat(top10.connectorQuery(range("1995-01-01", "1995-01-08")).sql()).doesNotContain(OrdersWindowTotalsTable.NAME);
        assertThat(top10.connectorQuery(range("1995-01-01", "1995-01-09")).sql()).contains(OrdersWindowTotalsTable.NAME);
        assertThat(top10.connectorQuery(range("1995-01-01", "1995-07-03")).sql()).contains(OrdersWindowTotalsTable.NAME);
        assertThat(top10.connectorQuery(range("1995-01-01", "1995-07-04")).sql()).doesNotContain(OrdersWindowTotalsTable.NAME);
        // Beyond the generated dates there are no orders to sum.
        assertThat(top10.connectorQuery(range("2001-01-01", "2001-03-31")).sql()).doesNotContain(OrdersWindowTotalsTable.NAME);
    }

    /**
     * At scale factor 10 in 32MB on one connection (key ranges of 160,000 customers: 6 for 300 days), the key ranges
     * read the orders by customer from three quarters of ORDERS' orders on: 300 of the 2,406 days in 6 ranges are
     * 0.748 of them, 301 days 0.751.
     */
    @Test
    void keyRangesReadTheOrdersByCustomerFromThreeQuartersOfTheOrders() {
        ScaleFactor scale = ScaleFactor.parse("10");
        TopCustomers top10 = new TopCustomers(TpchTables.embedded(ORDERS, scale, CustomerKeyRanges.withinMemory(scale, 32_000_000, 1)));
        DateRange days300 = range("1994-01-01", "1994-10-27");
        DateRange days301 = range("1994-01-01", "1994-10-28");

        assertThat(top10.connectorQuery(days300).bindValues()).hasSize(4 * 6);
        assertThat(top10.connectorQuery(days301).bindValues()).hasSize(4 * 6);
        assertReadsOrdersByCustomer(top10, days300, false);
        assertReadsOrdersByCustomer(top10, days301, true);
    }

    private static void assertFromWindowTotals(TopCustomers top10, DateRange range) {
        assertThat(top10.connectorQuery(range).sql()).contains(OrdersWindowTotalsTable.NAME, OrdersWindowTotalsTable.LEADERS_NAME);
        assertThat(top10.snowparkQuery(DSL.using(SQLDialect.DUCKDB), range).getSQL())
                .contains(OrdersWindowTotalsTable.NAME, OrdersWindowTotalsTable.LEADERS_NAME);
    }

    /** Whether both families' queries read the orders by customer, and not ORDERS, or the reverse. */
    private static void assertReadsOrdersByCustomer(TopCustomers top10, DateRange range, boolean byCustomer) {
        for (String sql : List.of(top10.connectorQuery(range).sql(), top10.snowparkQuery(DSL.using(SQLDialect.DUCKDB), range).getSQL())) {
            assertThat(sql.contains(OrdersByCustomerTable.NAME)).as(sql).isEqualTo(byCustomer);
            assertThat(Pattern.compile("\\b" + ORDERS.sqlName() + "\\b").matcher(sql).find()).as(sql).isEqualTo(!byCustomer);
        }
    }

    private static DateRange range(String start, String end) {
        return new DateRange(LocalDate.parse(start), LocalDate.parse(end));
    }

    /** Every range that can be answered from the window totals is, whatever its number of orders. */
    private static TopCustomers fromWindowTotals(ScaleFactor scale) {
        return new TopCustomers(new TpchTables(ORDERS, Optional.empty(), Optional.of(new OrdersWindowTotalsTable(scale, 0)),
                Optional.empty(), Optional.empty()));
    }

    /** Makes the first pass of the data in {@code file} start from {@code minimum}. */
    private static void withLeadersFrom(Path file, BigDecimal minimum) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE " + OrdersWindowTotalsTable.LEADERS_NAME + " AS "
                    + OrdersWindowTotalsTable.leadersDefinition(minimum));
        }
    }

    private static void assertBothFamiliesAnswer(Warehouse warehouse, TopCustomers top10, DateRange range, List<CustomerTotal> expected)
            throws Exception {
        for (QueryFamily family : List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse))) {
            List<CustomerTotal> rows = family.run(top10, range, new CancelSignal(), result -> {
                List<CustomerTotal> read = new ArrayList<>();
                while (result.next()) {
                    read.add(new CustomerTotal(result.getLong(1), result.getBigDecimal(2).movePointRight(2).longValueExact()));
                }
                return read;
            });
            assertThat(rows).as(family.family() + " " + range).isEqualTo(expected);
        }
    }

    /**
     * How many of the range's orders the second pass leaves out: those whose window total is below
     * the tenth-best total of the orders at {@code minimumCents} or more; none without ten customers.
     */
    private static long ordersLeftOut(OrdersOracle oracle, long[] windowTotals, DateRange range, long minimumCents) {
        Map<Long, Long> firstPass = new HashMap<>();
        List<Long> rangeWindowTotals = new ArrayList<>();
        for (int i = 0; i < windowTotals.length; i++) {
            Order order = oracle.orders().get(i);
            LocalDate date = LocalDate.ofEpochDay(order.getOrderDate());
            if (!date.isBefore(range.start()) && !date.isAfter(range.end())) {
                rangeWindowTotals.add(windowTotals[i]);
                if (windowTotals[i] >= minimumCents) {
                    firstPass.merge(order.getCustomerKey(), order.getTotalPriceInCents(), Long::sum);
                }
            }
        }
        List<Long> best = firstPass.values().stream().sorted(Comparator.reverseOrder()).limit(10).toList();
        long bound = best.size() == 10 ? best.get(9) : 0;
        return rangeWindowTotals.stream().filter(total -> total < bound).count();
    }

    private static final LocalDate MADE_UP_FIRST = LocalDate.of(2000, 1, 1);
    private static final LocalDate MADE_UP_LAST = LocalDate.of(2001, 12, 31);

    /**
     * 30 customers with 15 orders each over two years, of 10.00 to 50.00 in steps of 10.00, so that
     * totals tie often; every third customer has its orders in pairs 183, 184 or 185 days apart.
     */
    private static List<Order> madeUpOrders(Random random) {
        List<Order> orders = new ArrayList<>();
        int span = (int) ChronoUnit.DAYS.between(MADE_UP_FIRST, MADE_UP_LAST) + 1;
        for (long customer = 1; customer <= 30; customer++) {
            for (int i = 0; i < 15; i++) {
                long day = MADE_UP_FIRST.toEpochDay() + random.nextInt(span);
                if (customer % 3 == 0 && i % 2 == 1) {
                    day = orders.get(orders.size() - 1).getOrderDate() + 183 + random.nextInt(3);
                }
                long cents = (1 + random.nextInt(5)) * 1_000L;
                orders.add(new Order(orders.size(), orders.size() + 1, customer, 'O', cents, (int) day, "", "", 0, ""));
            }
        }
        return orders;
    }
}
