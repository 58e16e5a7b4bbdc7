package dataapi.report;

import dataapi.endpoint.DataFrameEndpoint;

import java.util.List;

/** Every report the server publishes, in the order they are listed to people. */
public final class Reports {
    private Reports() {
    }

    public static List<DataFrameEndpoint<?>> all(TpchTables tables) {
        return List.of(new TopCustomers(tables), new ClerkYearlySales(tables));
    }

    /** The reports' ids, which endpoints declared in a file may not take. */
    public static List<String> ids() {
        return List.of(TopCustomers.ID, ClerkYearlySales.ID);
    }

    /** The reports' path templates, which endpoints declared in a file may not take. */
    public static List<String> paths() {
        return List.of(TopCustomers.PATH, ClerkYearlySales.PATH);
    }
}
