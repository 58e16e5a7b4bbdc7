package dataapi.http;

import dataapi.json.Json;
import dataapi.warehouse.Warehouse;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Probes for orchestrators and load balancers, cheap and without authentication: {@code /healthz}
 * answers while the process serves HTTP, {@code /readyz} only while the warehouse answers queries
 * and callers can be checked (in built-in mode, the user store can be read): a server that can
 * authenticate nobody serves nobody.
 */
final class HealthRoutes {
    static final String NOT_READY = "The warehouse is not answering. Retry later.";
    static final String DATA_BEING_MADE = "The embedded data is being generated. Retry later.";
    /** The probes' paths, which the access gate lets through: orchestrators' probes carry no credentials. */
    static final Set<String> PATHS = Set.of("/healthz", "/readyz");

    private final Supplier<Warehouse.Readiness> warehouseReadiness;
    private final BooleanSupplier accessReady;

    HealthRoutes(Supplier<Warehouse.Readiness> warehouseReadiness, BooleanSupplier accessReady) {
        this.warehouseReadiness = requireNonNull(warehouseReadiness, "warehouseReadiness is null");
        this.accessReady = requireNonNull(accessReady, "accessReady is null");
    }

    void addRoutes(JavalinConfig config) {
        config.routes.get("/healthz", ctx -> answer(ctx, 200, Json.object("status", "alive")));
        config.routes.get("/readyz", ctx -> {
            Warehouse.Readiness warehouse = warehouseReadiness.get();
            if (warehouse != Warehouse.Readiness.READY) {
                notReady(ctx, warehouse == Warehouse.Readiness.DATA_BEING_MADE ? DATA_BEING_MADE : NOT_READY);
            } else if (!accessReady.getAsBoolean()) {
                notReady(ctx, AccessGate.STORE_UNAVAILABLE);
            } else {
                answer(ctx, 200, Json.object("status", "ready"));
            }
        });
    }

    private static void notReady(Context ctx, String message) {
        ctx.header("Retry-After", ApiServer.RETRY_AFTER_SECONDS);
        answer(ctx, 503, Json.error(message));
    }

    private static void answer(Context ctx, int status, byte[] body) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(status);
        ApiServer.json(ctx, body);
    }
}
