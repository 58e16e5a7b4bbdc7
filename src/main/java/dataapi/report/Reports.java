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
}
