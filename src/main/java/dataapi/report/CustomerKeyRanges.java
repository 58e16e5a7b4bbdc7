package dataapi.report;

import dataapi.tpch.OrderDates;
import dataapi.tpch.ScaleFactor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Ranges of {@code o_custkey} over which a top 10 of customers is summed one range at a time.
 *
 * <p>A top 10 by customer sums the orders of a date range in a hash table with one entry per
 * customer who ordered in it: at scale factor 10 about half a million for four months and a
 * million for the whole span, more than DuckDB's share of a 256 MB container. The top 10 of
 * each key range's top 10 is the same answer (each customer of the overall top 10 is in the top
 * 10 of its own range), from tables of a bounded size, which are also faster to fill than one
 * large table that has outgrown the CPU's caches (bench/RESULTS.md).
 *
 * <p>The number of ranges follows from the customers expected in the date range, with dbgen's
 * distributions (TPC-H 4.2.3): order dates uniform over {@link OrderDates}, customers uniform
 * over the two thirds of keys that are not multiples of 3.
 */
public final class CustomerKeyRanges {
    // Measured at scale factor 10 (bench/RESULTS.md), in a 32MB DuckDB on two threads, one query at a
    // time: ranges sized at 200 bytes a customer (up to 143,000 ordering customers each) never ran out
    // of memory, whatever their dates; sized at 160 bytes (200,000 each) they did. Two queries side by
    // side in 64MB ran ranges sized at 200 bytes (167,000 each). Fewer, larger ranges are faster: each
    // range is a scan of the date range.
    private static final long BYTES_PER_CUSTOMER = 200;

    /** Customer keys {@code first} to {@code last}, both included. */
    public record KeyRange(long first, long last) {
    }

    private final ScaleFactor scale;
    private final long customers;
    private final int customersPerRange;

    public CustomerKeyRanges(ScaleFactor scale, int customersPerRange) {
        requireNonNull(scale, "scale is null");
        if (customersPerRange < 1) {
            throw new IllegalArgumentException("customersPerRange must be positive");
        }
        this.scale = scale;
        this.customers = scale.customerCount();
        this.customersPerRange = customersPerRange;
    }

    /** Ranges small enough that each of {@code connections} queries side by side fits its share of DuckDB's memory. */
    public static CustomerKeyRanges withinMemory(ScaleFactor scale, long memoryLimitBytes, int connections) {
        long customersPerRange = memoryLimitBytes / connections / BYTES_PER_CUSTOMER;
        return new CustomerKeyRanges(scale, (int) Math.max(1_000, Math.min(Integer.MAX_VALUE, customersPerRange)));
    }

    /** Ranges in key order that together cover every customer key; one when a single table is small enough. */
    public List<KeyRange> covering(LocalDate start, LocalDate end) {
        int count = (int) Math.min(customers, Math.max(1, Math.ceil(expectedCustomers(start, end) / customersPerRange)));
        List<KeyRange> ranges = new ArrayList<>(count);
        long first = 1;
        for (int i = 1; i <= count; i++) {
            long last = customers * i / count;
            ranges.add(new KeyRange(first, last));
            first = last + 1;
        }
        return ranges;
    }

    /** The expected number of distinct customers among the orders of a date range. */
    private double expectedCustomers(LocalDate start, LocalDate end) {
        double ordering = customers * 2.0 / 3;
        double ordersInRange = OrderDates.expectedOrders(scale, start, end);
        // Each order picks one of `ordering` customers: the chance a customer is never picked is about e^(-n/ordering).
        return ordering * -Math.expm1(-ordersInRange / ordering);
    }
}
