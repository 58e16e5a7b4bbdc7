package dataapi.report;

import dataapi.endpoint.Endpoint;

import java.util.List;

/** Every report the server publishes, in the order they are listed to people. */
public final class Reports {
    private Reports() {
    }

    public static List<Endpoint<?>> all(TpchTables tables) {
        return List.of(new TopCustomers(tables), new ClerkYearlySales(tables));
    }
}
