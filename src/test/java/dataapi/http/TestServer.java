package dataapi.http;

import dataapi.TestData;
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
import org.jooq.SQLDialect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link ApiServer} on a free port over the shared test data, with a warehouse, metrics and an
 * access log of its own, so that a test can break the warehouse, count requests or read the log.
 */
final class TestServer implements AutoCloseable {
    final Warehouse warehouse;
    final Metrics metrics = new Metrics();
    final List<String> accessLog = new CopyOnWriteArrayList<>();
    final ApiServer server;

    private TestServer(TpchTables tables, List<? extends Endpoint<?>> declared, ResultCache results, int poolSize, Duration poolWait,
                       ServerAccess access, RequestLimits limits, OptionalInt metricsPort) throws Exception {
        warehouse = new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()),
                poolSize, poolWait, RequestLimits.DEFAULTS.statementTimeout());
        warehouse.bindTo(metrics.registry());
        List<Endpoint<?>> endpoints = new ArrayList<>(Reports.all(tables));
        endpoints.addAll(declared);
        server = new ApiServer("127.0.0.1", 0, metricsPort, endpoints,
                List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)), results, limits,
                warehouse::readiness, metrics, new AccessLog(accessLog::add), access).start();
    }

    /** Reports over ORDERS alone, without the result cache. */
    static TestServer start() throws Exception {
        return start(ServerAccess.open());
    }

    /** Reports over ORDERS alone, without the result cache, behind {@code access}. */
    static TestServer start(ServerAccess access) throws Exception {
        return start(access, List.of());
    }

    /** As {@link #start(ServerAccess)}, also serving {@code declared}. */
    static TestServer start(ServerAccess access, List<? extends Endpoint<?>> declared) throws Exception {
        return new TestServer(ordersOnly("orders"), declared, new ResultCache(0, CacheLifetime.FOREVER, Map.of()), 4, Duration.ofSeconds(5), access,
                RequestLimits.DEFAULTS, OptionalInt.empty());
    }

    /** Reports over ORDERS alone, without the result cache, behind {@code access}, with {@code /metrics} on a free port of its own. */
    static TestServer withMetricsPort(ServerAccess access) throws Exception {
        return new TestServer(ordersOnly("orders"), List.of(), new ResultCache(0, CacheLifetime.FOREVER, Map.of()), 4, Duration.ofSeconds(5), access,
                RequestLimits.DEFAULTS, OptionalInt.of(0));
    }

    /** Reports over ORDERS alone and {@code declared}, with {@code results} as the result cache. */
    static TestServer start(ResultCache results, List<? extends Endpoint<?>> declared) throws Exception {
        return new TestServer(ordersOnly("orders"), declared, results, 4, Duration.ofSeconds(5), ServerAccess.open(), RequestLimits.DEFAULTS,
                OptionalInt.empty());
    }

    /** Reports over ORDERS alone behind {@code access}, with {@code results} as the result cache and {@code limits}. */
    static TestServer start(ServerAccess access, ResultCache results, RequestLimits limits) throws Exception {
        return new TestServer(ordersOnly("orders"), List.of(), results, 4, Duration.ofSeconds(5), access, limits, OptionalInt.empty());
    }

    /** Reports over the table {@code ordersTable} alone, without the result cache. */
    static TestServer start(String ordersTable, int poolSize, Duration poolWait) throws Exception {
        return start(ordersOnly(ordersTable), new ResultCache(0, CacheLifetime.FOREVER, Map.of()), poolSize, poolWait);
    }

    static TestServer start(TpchTables tables, ResultCache results, int poolSize, Duration poolWait) throws Exception {
        return new TestServer(tables, List.of(), results, poolSize, poolWait, ServerAccess.open(), RequestLimits.DEFAULTS,
                OptionalInt.empty());
    }

    private static TpchTables ordersOnly(String ordersTable) {
        return TpchTables.ordersOnly(new OrdersTable(ordersTable));
    }

    int port() {
        return server.port();
    }

    int metricsPort() {
        return server.metricsPort().orElseThrow();
    }

    @Override
    public void close() throws Exception {
        server.close();
        warehouse.close();
        metrics.close();
    }
}
