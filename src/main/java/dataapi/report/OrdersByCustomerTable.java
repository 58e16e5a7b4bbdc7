package dataapi.report;

import dataapi.tpch.OrderDates;
import dataapi.tpch.ScaleFactor;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.LocalDate;

import static java.util.Objects.requireNonNull;

/**
 * ORDERS' customer, date and price, stored in customer key order. Built with ORDERS by the embedded
 * generator.
 *
 * <p>A top 10 summed by ranges of customer keys ({@link CustomerKeyRanges}) scans its date range once
 * per key range: ORDERS is stored in date order, so each key range reads every row group of the dates.
 * Here each row group holds a narrow span of keys, and DuckDB's zone maps skip those outside a key
 * range: all the key ranges together read the table once, whatever the dates. That is less work where
 * the key ranges times the range's share of the orders is large: a long range, summed in many key ranges.
 */
public final class OrdersByCustomerTable {
    public static final String NAME = "orders_by_customer";
    /** Its definition over an ORDERS table named {@code orders}. */
    public static final String DEFINITION = "SELECT o_custkey, o_orderdate, o_totalprice FROM orders ORDER BY o_custkey";
    /*
     * Measured at scale factor 10 in 32MB (bench/RESULTS.md): where the key ranges would read 0.45 or
     * 0.68 of ORDERS' orders (7 months in 5 ranges, 9 months in 6) this table was 5-35% slower, where
     * 0.80 or 0.91 (10.5 months in 6, a year in 6) 20% faster, over the whole span 4 times as fast.
     * Between, its gain is small either way, and its pages would take page cache from ORDERS'.
     */
    private static final double MIN_SCANS_OF_ORDERS = 0.75;

    final Table<?> table = DSL.table(DSL.unquotedName(NAME));

    private final ScaleFactor scale;
    private final double minScansOfOrders;

    public OrdersByCustomerTable(ScaleFactor scale) {
        this(scale, MIN_SCANS_OF_ORDERS);
    }

    OrdersByCustomerTable(ScaleFactor scale, double minScansOfOrders) {
        this.scale = requireNonNull(scale, "scale is null");
        this.minScansOfOrders = minScansOfOrders;
    }

    /**
     * Whether a top 10 from {@code start} to {@code end} in {@code keyRanges} ranges of customer keys is
     * faster from this table than from ORDERS: whether those ranges would read, from ORDERS, at least
     * {@value #MIN_SCANS_OF_ORDERS} of all its orders (the key ranges times the date range's share).
     */
    boolean serves(LocalDate start, LocalDate end, int keyRanges) {
        return keyRanges * OrderDates.expectedOrders(scale, start, end) >= minScansOfOrders * scale.orderCount();
    }
}
