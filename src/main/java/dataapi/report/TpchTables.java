package dataapi.report;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The tables the reports read in one warehouse.
 *
 * @param orders TPC-H's ORDERS
 * @param clerkMonthlySales where the warehouse has it, a table of (o_clerk, year, month,
 *                          sum_totalprice) derived from ORDERS, which answers a clerk's year
 *                          from a handful of rows instead of a scan
 */
public record TpchTables(OrdersTable orders, Optional<ClerkMonthlySalesTable> clerkMonthlySales) {
    public TpchTables {
        requireNonNull(orders, "orders is null");
        requireNonNull(clerkMonthlySales, "clerkMonthlySales is null");
    }
}
