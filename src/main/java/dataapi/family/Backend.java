package dataapi.family;

import dataapi.Closeables;
import dataapi.warehouse.Warehouse;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A warehouse opened for serving: the query families that run on it, and what to close, in order,
 * when the server stops.
 *
 * @param description where the data is, for logs (never credentials)
 * @param warehouse its pool of JDBC connections, which readiness probes and metrics look at
 */
public record Backend(String description, Warehouse warehouse, List<QueryFamily> families, List<AutoCloseable> resources)
        implements AutoCloseable {
    public Backend {
        requireNonNull(description, "description is null");
        requireNonNull(warehouse, "warehouse is null");
        families = List.copyOf(families);
        resources = List.copyOf(resources);
    }

    @Override
    public void close() throws Exception {
        Closeables.closeAll(resources);
    }
}
