package dataapi.http;

import dataapi.SlowQuery;
import dataapi.cache.ResultCache;
import dataapi.config.CacheLifetime;
import dataapi.config.RequestLimits;
import dataapi.endpoint.Endpoint;
import dataapi.family.ConnectorQueries;
import dataapi.family.SnowparkQueries;
import dataapi.report.OrdersTable;
import dataapi.report.Reports;
import dataapi.report.TpchTables;
import dataapi.warehouse.Warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;

/** The reports and a {@link SlowQuery} on both families over one warehouse, on a free loopback port: what the failure tests run. */
final class SlowQueryServer implements AutoCloseable {
    private final Warehouse warehouse;
    private final Metrics metrics = new Metrics();
    private final ApiServer http;

    /**
     * Where requests that wait for the warehouse go on: the server does either, by the JVM it runs
     * on, so the failure tests run both whatever the JVM that runs them.
     */
    enum Waiting {
        ON_THE_REQUEST_THREAD(LongWork.onTheRequestThread()),
        ON_ANOTHER_THREAD(LongWork.on(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-warehouse-wait");
            thread.setDaemon(true);
            return thread;
        })));

        private final LongWork waits;

        Waiting(LongWork waits) {
            this.waits = waits;
        }
    }

    /** Serves {@code warehouse} as the server would on this JVM, and closes it on close. */
    SlowQueryServer(Warehouse warehouse, SlowQuery slow, RequestLimits limits) {
        this(warehouse, slow, limits, ServerAccess.open());
    }

    SlowQueryServer(Warehouse warehouse, SlowQuery slow, RequestLimits limits, Waiting waiting) {
        this(warehouse, slow, limits, waiting.waits, ServerAccess.open());
    }

    /** Over TLS when {@code access} says so. */
    SlowQueryServer(Warehouse warehouse, SlowQuery slow, RequestLimits limits, ServerAccess access) {
        this(warehouse, slow, limits, LongWork.onVirtualThreadsIfAny(), access);
    }

    private SlowQueryServer(Warehouse warehouse, SlowQuery slow, RequestLimits limits, LongWork waits, ServerAccess access) {
        this.warehouse = warehouse;
        warehouse.bindTo(metrics.registry());
        List<Endpoint<?>> endpoints = new ArrayList<>(Reports.all(TpchTables.ordersOnly(new OrdersTable("orders"))));
        endpoints.add(slow);
        this.http = new ApiServer("127.0.0.1", 0, OptionalInt.empty(), endpoints, List.of(new ConnectorQueries(warehouse),
                new SnowparkQueries(warehouse)), new ResultCache(0, CacheLifetime.FOREVER, Map.of()), limits, warehouse::readiness, metrics,
                new AccessLog(line -> { }), access, waits).start();
    }

    int port() {
        return http.port();
    }

    @Override
    public void close() throws Exception {
        http.close();
        warehouse.close();
        metrics.close();
    }
}
