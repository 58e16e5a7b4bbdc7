package dataapi.report;

import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Endpoint;

import java.util.List;

/** Every report the server publishes, in the order they are listed to people. */
public final class Reports {
    /** The reports over ORDERS alone, for what does not depend on the tables they read: their ids and paths. */
    private static final List<DataFrameEndpoint<?>> OVER_ORDERS = all(TpchTables.ordersOnly(new OrdersTable("orders")));

    private Reports() {
    }

    public static List<DataFrameEndpoint<?>> all(TpchTables tables) {
        return List.of(new TopCustomers(tables), new ClerkYearlySales(tables));
    }

    /** The reports' ids, which endpoints declared in a file may not take. */
    public static List<String> ids() {
        return OVER_ORDERS.stream().map(Endpoint::id).toList();
    }

    /** The reports' path templates, which endpoints declared in a file may not take. */
    public static List<String> paths() {
        return OVER_ORDERS.stream().map(Endpoint::path).toList();
    }
}
