package dataapi;

import dataapi.cache.ResultCache;
import dataapi.config.EmbeddedConfig;
import dataapi.config.ServerConfig;
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
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A running server: the embedded warehouse, its pool and the HTTP routes, wired by hand. */
public final class DataApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataApi.class);

    private final Warehouse warehouse;
    private final Metrics metrics;
    private final ApiServer http;

    private DataApi(Warehouse warehouse, Metrics metrics, ApiServer http) {
        this.warehouse = warehouse;
        this.metrics = metrics;
        this.http = http;
    }

    /** Generates the data when it is missing, opens it and starts listening. */
    public static DataApi start(ServerConfig config) throws Exception {
        requireNonNull(config, "config is null");
        long started = System.nanoTime();
        EmbeddedConfig embedded = config.embedded();
        Path file = new EmbeddedTpch(embedded.dataDir(), embedded.threads(), log::info).ensure(embedded.scale());
        Warehouse warehouse = new Warehouse("DuckDB " + file, SQLDialect.DUCKDB,
                DuckDbConnections.openReadOnly(file, embedded.memoryLimit(), embedded.threads()),
                config.poolSize(), config.poolWait());
        Metrics metrics = new Metrics();
        try {
            warehouse.bindTo(metrics.registry());
            TpchTables tables = new TpchTables(new OrdersTable("orders"), Optional.of(new ClerkMonthlySalesTable()));
            ResultCache results = new ResultCache(config.cache().maxBytes(), config.cache().timeToLive());
            // The access log goes to standard output, one JSON object a line; other logs go to standard error.
            ApiServer http = new ApiServer(config.host(), config.port(), Reports.all(tables),
                    List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)), results,
                    warehouse::isReady, metrics, new AccessLog(System.out::println)).start();
            DataApi api = new DataApi(warehouse, metrics, http);
            log.info("Serving TPC-H scale factor {} from {}", embedded.scale(), file);
            log.info("Memory: Java heap up to {} MB, DuckDB memory_limit {}, {} pooled connections",
                    Runtime.getRuntime().maxMemory() >> 20, embedded.memoryLimit(), config.poolSize());
            log.info("Ready in {} ms: open {}/test", (System.nanoTime() - started) / 1_000_000, api.baseUrl(config.host()));
            return api;
        } catch (Exception e) {
            metrics.close();
            warehouse.close();
            throw e;
        }
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
        warehouse.close();
        metrics.close();
    }
}
