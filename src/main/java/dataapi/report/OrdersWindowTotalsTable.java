package dataapi.report;

import dataapi.tpch.OrderDates;
import dataapi.tpch.ScaleFactor;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * ORDERS' date, customer and price, each order with {@code window_total}: its customer's total over
 * the days from {@value #HALF_WINDOW_DAYS} before the order to {@value #HALF_WINDOW_DAYS} after it.
 * Built with ORDERS by the embedded generator and stored in date order, like ORDERS.
 *
 * <p>It lets a top 10 of customers leave out most customers' orders, with the same answer. In a
 * date range of at most {@value #MAX_RANGE_DAYS} days, each order's window holds the whole range,
 * so, prices being positive (as dbgen's are), its window total is at least its customer's total
 * over the range. Given an amount t:
 * <ul>
 *   <li>a customer whose range total is t or more has every order of the range at
 *       {@code window_total >= t}, so the orders that pass that filter sum to its whole total;</li>
 *   <li>any other customer's passing orders sum to less than t.</li>
 * </ul>
 * When t is at most the tenth-best range total, the top 10 of the passing orders is therefore the
 * top 10 of all orders. The tenth-best range total of any ten customers is such a t, even summed
 * over part of their orders: the query takes it from a first pass over the range's orders with the
 * largest window totals, which the generator keeps apart in {@value #LEADERS_NAME} (about 3% of
 * orders). When those are fewer than ten customers, t is 0 and every order of the range is summed.
 */
public final class OrdersWindowTotalsTable {
    public static final String NAME = "orders_window_totals";
    /** The orders whose window total is at least the first pass's minimum: date, customer and price. */
    public static final String LEADERS_NAME = "orders_window_leaders";
    static final int HALF_WINDOW_DAYS = 183;
    /** The longest date range that every one of its orders' windows holds. */
    static final int MAX_RANGE_DAYS = HALF_WINDOW_DAYS + 1;
    private static final int WINDOW_TOTAL_PRECISION = 18;
    private static final int WINDOW_TOTAL_SCALE = 2;
    /**
     * The type of {@code window_total}. The query casts the first pass's bound to it: compared with a
     * wider decimal, the column is cast row by row (the query 13.8 against 9.3 ms, bench/RESULTS.md).
     * SQL text, not a jOOQ type: the generator reads this class's definitions, and initializing jOOQ's
     * types took it 0.3 s.
     */
    static final String WINDOW_TOTAL_TYPE = "DECIMAL(" + WINDOW_TOTAL_PRECISION + "," + WINDOW_TOTAL_SCALE + ")";
    /**
     * Its definition over an ORDERS table named {@code orders}, in date order. The window ranges over
     * day numbers: over the date, DuckDB adds the interval to each row's date as a timestamp, and
     * the statement took a third longer at scale factor 10 (bench/RESULTS.md).
     */
    public static final String DEFINITION = "SELECT o_orderdate, o_custkey, o_totalprice,"
            + " CAST(SUM(o_totalprice) OVER (PARTITION BY o_custkey ORDER BY o_orderdate - DATE '1970-01-01' RANGE BETWEEN "
            + HALF_WINDOW_DAYS + " PRECEDING AND " + HALF_WINDOW_DAYS + " FOLLOWING)"
            + " AS " + WINDOW_TOTAL_TYPE + ") AS window_total FROM orders ORDER BY o_orderdate";

    /*
     * The first pass sums the orders whose window total is at least this. Any amount gives the same
     * answer; this one decides only how much the first pass sums and how close its tenth-best total
     * comes to the true one. In dbgen's orders about 3% of orders have a window total of 1,200,000 or
     * more at every scale factor (the 97th percentile is 1,204,368.14 at 1 and 1,200,401.64 at 10),
     * and from 1,000,000 to 1,500,000 the query was equally fast (bench/RESULTS.md).
     */
    private static final BigDecimal FIRST_PASS_MINIMUM = new BigDecimal("1200000.00");
    /** The definition of {@value #LEADERS_NAME} over {@value #NAME}. */
    public static final String LEADERS_DEFINITION = leadersDefinition(FIRST_PASS_MINIMUM);
    /*
     * With fewer orders in the range than this, one hash table of every customer fills faster than
     * the two filtered passes run. Measured level at 9 days of scale factor 10 (56,000 orders) and
     * at 75 days of scale factor 1 (47,000), the two passes slower below and faster above
     * (bench/RESULTS.md).
     */
    private static final double MIN_EXPECTED_ORDERS = 55_000;

    final Table<?> table = DSL.table(DSL.unquotedName(NAME));
    final Table<?> leaders = DSL.table(DSL.unquotedName(LEADERS_NAME));
    final Field<BigDecimal> windowTotal = DSL.field(DSL.unquotedName("window_total"), SQLDataType.DECIMAL(WINDOW_TOTAL_PRECISION, WINDOW_TOTAL_SCALE));

    private final ScaleFactor scale;
    private final double minExpectedOrders;

    public OrdersWindowTotalsTable(ScaleFactor scale) {
        this(scale, MIN_EXPECTED_ORDERS);
    }

    OrdersWindowTotalsTable(ScaleFactor scale, double minExpectedOrders) {
        this.scale = requireNonNull(scale, "scale is null");
        this.minExpectedOrders = minExpectedOrders;
    }

    /** {@value #LEADERS_NAME} with a first pass from {@code minimum}: a scan of 3% of the orders instead of a filter of all. */
    static String leadersDefinition(BigDecimal minimum) {
        return "SELECT o_orderdate, o_custkey, o_totalprice FROM " + NAME + " WHERE window_total >= " + minimum.toPlainString()
                + " ORDER BY o_orderdate";
    }

    /** Whether a top 10 from {@code start} to {@code end} is exact from this table, and faster than from ORDERS. */
    boolean serves(LocalDate start, LocalDate end) {
        return ChronoUnit.DAYS.between(start, end) + 1 <= MAX_RANGE_DAYS
                && OrderDates.expectedOrders(scale, start, end) >= minExpectedOrders;
    }
}
