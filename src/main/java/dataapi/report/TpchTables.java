package dataapi.report;

import dataapi.tpch.ScaleFactor;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The tables the reports read in one warehouse.
 *
 * @param orders TPC-H's ORDERS
 * @param clerkMonthlySales where the warehouse has it, a table of (o_clerk, year, month,
 *                          sum_totalprice) derived from ORDERS, which answers a clerk's year
 *                          from a handful of rows instead of a scan
 * @param ordersWindowTotals where the warehouse has it, ORDERS with each customer's total around
 *                           each order, from which a top 10 of a date range up to half a year
 *                           sums a few customers instead of all
 * @param customerKeyRanges where the warehouse needs it, how to sum a top 10 of customers by
 *                          ranges of customer keys, in tables of bounded size
 * @param ordersByCustomer where the warehouse has it, ORDERS stored in customer key order, from
 *                         which the key ranges of a long date range read the orders once in all
 */
public record TpchTables(OrdersTable orders, Optional<ClerkMonthlySalesTable> clerkMonthlySales,
                         Optional<OrdersWindowTotalsTable> ordersWindowTotals, Optional<CustomerKeyRanges> customerKeyRanges,
                         Optional<OrdersByCustomerTable> ordersByCustomer) {
    public TpchTables {
        requireNonNull(orders, "orders is null");
        requireNonNull(clerkMonthlySales, "clerkMonthlySales is null");
        requireNonNull(ordersWindowTotals, "ordersWindowTotals is null");
        requireNonNull(customerKeyRanges, "customerKeyRanges is null");
        requireNonNull(ordersByCustomer, "ordersByCustomer is null");
    }

    /** The embedded data of {@code scale}: ORDERS, the derived tables built with it, and top 10s summed by key range. */
    public static TpchTables embedded(OrdersTable orders, ScaleFactor scale, CustomerKeyRanges keyRanges) {
        return new TpchTables(orders, Optional.of(new ClerkMonthlySalesTable()), Optional.of(new OrdersWindowTotalsTable(scale)),
                Optional.of(keyRanges), Optional.of(new OrdersByCustomerTable(scale)));
    }

    /** ORDERS alone, as a warehouse other than the embedded one has it. */
    public static TpchTables ordersOnly(OrdersTable orders) {
        return new TpchTables(orders, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
