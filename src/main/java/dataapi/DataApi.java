package dataapi;

import dataapi.cache.ResultCache;
import dataapi.config.EmbeddedConfig;
import dataapi.config.ServerConfig;
import dataapi.config.WarehouseKind;
import dataapi.family.Backend;
import dataapi.family.ConnectorQueries;
import dataapi.family.SnowparkQueries;
import dataapi.http.AccessLog;
import dataapi.http.ApiServer;
import dataapi.http.Metrics;
import dataapi.report.ClerkMonthlySalesTable;
import dataapi.report.OrdersTable;
import dataapi.report.Reports;
import dataapi.report.TpchTables;
import dataapi.tpch.EmbeddedTpch;
import dataapi.warehouse.DuckDbConnections;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.snowflake.SnowflakeBackend;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A running server: the warehouse, its query families and the HTTP routes, wired by hand. */
public final class DataApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataApi.class);

    private final Backend backend;
    private final Metrics metrics;
    private final ApiServer http;

    private DataApi(Backend backend, Metrics metrics, ApiServer http) {
        this.backend = backend;
        this.metrics = metrics;
        this.http = http;
    }

    /** Opens the configured warehouse (generating the embedded data when it is missing) and starts listening. */
    public static DataApi start(ServerConfig config) throws Exception {
        requireNonNull(config, "config is null");
        long started = System.nanoTime();
        OrdersTable orders = new OrdersTable(config.ordersTable());
        // Only the embedded generator builds the clerk-by-month table; elsewhere the report reads ORDERS.
        TpchTables tables = new TpchTables(orders,
                config.warehouse() == WarehouseKind.DUCKDB ? Optional.of(new ClerkMonthlySalesTable()) : Optional.empty());
        Backend backend = switch (config.warehouse()) {
            case DUCKDB -> embedded(config);
            case SNOWFLAKE -> SnowflakeBackend.open(config.snowflake().orElseThrow(), config.poolSize(), config.poolWait());
        };
        Metrics metrics = new Metrics();
        try {
            backend.warehouse().bindTo(metrics.registry());
            ResultCache results = new ResultCache(config.cache().maxBytes(), config.cache().timeToLive());
            // The access log goes to standard output, one JSON object a line; other logs go to standard error.
            ApiServer http = new ApiServer(config.host(), config.port(), Reports.all(tables), backend.families(), results,
                    backend.warehouse()::isReady, metrics, new AccessLog(System.out::println)).start();
            DataApi api = new DataApi(backend, metrics, http);
            log.info("Serving {} from {}", orders.sqlName(), backend.description());
            log.info("Ready in {} ms: open {}/test", (System.nanoTime() - started) / 1_000_000, api.baseUrl(config.host()));
            return api;
        } catch (Exception e) {
            metrics.close();
            backend.close();
            throw e;
        }
    }

    private static Backend embedded(ServerConfig config) throws Exception {
        EmbeddedConfig embedded = config.embedded();
        Path file = new EmbeddedTpch(embedded.dataDir(), embedded.threads(), log::info).ensure(embedded.scale());
        Warehouse warehouse = new Warehouse("DuckDB " + file, SQLDialect.DUCKDB,
                DuckDbConnections.openReadOnly(file, embedded.memoryLimit(), embedded.threads()),
                config.poolSize(), config.poolWait());
        log.info("Memory: Java heap up to {} MB, DuckDB memory_limit {}, {} pooled connections",
                Runtime.getRuntime().maxMemory() >> 20, embedded.memoryLimit(), config.poolSize());
        return new Backend("TPC-H scale factor " + embedded.scale() + " in DuckDB " + file, warehouse,
                List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)), List.of(warehouse));
    }

    public int port() {
        return http.port();
    }

    private String baseUrl(String host) {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port();
    }

    @Override
    public void close() throws Exception {
        http.close();
        backend.close();
        metrics.close();
    }
}
