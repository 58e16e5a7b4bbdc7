package dataapi.family;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A warehouse opened for serving: the query families that run on it, and what to close, in order,
 * when the server stops.
 *
 * @param description where the data is, for logs (never credentials)
 */
public record Backend(String description, List<QueryFamily> families, List<AutoCloseable> resources) implements AutoCloseable {
    public Backend {
        requireNonNull(description, "description is null");
        families = List.copyOf(families);
        resources = List.copyOf(resources);
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
