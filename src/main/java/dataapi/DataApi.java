package dataapi;

import dataapi.auth.AuthStore;
import dataapi.auth.AuthStores;
import dataapi.cache.ResultCache;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.EmbeddedConfig;
import dataapi.config.PostgresConfig;
import dataapi.config.ServerConfig;
import dataapi.declared.CheckedBeforeFirstUse;
import dataapi.declared.DeclaredEndpoints;
import dataapi.declared.SqlEndpoint;
import dataapi.endpoint.Endpoint;
import dataapi.family.Backend;
import dataapi.family.ConnectorQueries;
import dataapi.family.QueryFamily;
import dataapi.family.SnowparkQueries;
import dataapi.http.AccessChecks;
import dataapi.http.AccessLog;
import dataapi.http.ApiServer;
import dataapi.http.BackgroundLineWriter;
import dataapi.http.Metrics;
import dataapi.http.ServerAccess;
import dataapi.report.CustomerKeyRanges;
import dataapi.report.OrdersTable;
import dataapi.report.Reports;
import dataapi.report.TpchTables;
import dataapi.tpch.EmbeddedTpch;
import dataapi.warehouse.DuckDbConnections;
import dataapi.warehouse.PostgresConnections;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.snowflake.SnowflakeBackend;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** A running server: the warehouse (embedded DuckDB, PostgreSQL or Snowflake), its query families and the HTTP routes, wired by hand. */
public final class DataApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataApi.class);

    private final Backend backend;
    private final Metrics metrics;
    private final ApiServer http;
    private final Optional<AuthStore> authStore;
    private final BackgroundLineWriter accessLines;

    private DataApi(Backend backend, Metrics metrics, ApiServer http, Optional<AuthStore> authStore, BackgroundLineWriter accessLines) {
        this.backend = backend;
        this.metrics = metrics;
        this.http = http;
        this.authStore = authStore;
        this.accessLines = accessLines;
    }

    /** Generates the embedded data when it is missing, opens the warehouse and starts listening. */
    public static DataApi start(ServerConfig config) throws Exception {
        requireNonNull(config, "config is null");
        long started = System.nanoTime();
        AccessConfig access = config.access();
        AccessChecks.warnOrRefuse(access, config.host(), log);
        Backend backend = openBackend(config);
        Metrics metrics = new Metrics();
        Optional<AuthStore> authStore = Optional.empty();
        // The access log goes to standard output, one JSON object a line; other logs go to standard error.
        BackgroundLineWriter accessLines = new BackgroundLineWriter(System.out, "access-log");
        try {
            Warehouse warehouse = backend.warehouse();
            warehouse.bindTo(metrics.registry());
            if (access.mode() == AuthMode.BUILTIN) {
                authStore = Optional.of(AuthStores.open(access.store()));
                log.info("Users, roles and PATs from the {}", authStore.get());
            }
            ResultCache results = new ResultCache(config.cache().maxBytes(), config.cache().timeToLive());
            List<Endpoint<?>> endpoints = new ArrayList<>(Reports.all(tables(config)));
            endpoints.addAll(config.declaredEndpoints());
            List<SqlEndpoint> unchecked = DeclaredEndpoints.check(config.declaredEndpoints(), warehouse);
            List<QueryFamily> families = backend.families().stream()
                    .map(family -> unchecked.stream().anyMatch(family::serves) ? new CheckedBeforeFirstUse(family, warehouse, unchecked) : family)
                    .toList();
            for (QueryFamily family : families) {
                endpoints.stream().filter(family::serves).forEach(family::prepare);
            }
            ApiServer http = new ApiServer(config.host(), config.port(), endpoints, families, results,
                    config.limits(), warehouse::isReady, metrics, new AccessLog(accessLines),
                    ServerAccess.of(access, authStore, Clock.systemUTC())).start();
            DataApi api = new DataApi(backend, metrics, http, authStore, accessLines);
            if (!warehouse.isReady()) {
                log.warn("The warehouse is not reachable yet; requests get 503 until it is");
            }
            log.info("Serving {} from {}", config.ordersTable(), backend.description());
            if (!config.declaredEndpoints().isEmpty()) {
                log.info("Declared endpoints, under /connector: {}",
                        config.declaredEndpoints().stream().map(Endpoint::path).collect(Collectors.joining(", ")));
            }
            log.info("Memory: Java heap up to {} MB, DuckDB memory_limit {}, pooled connections: {}",
                    Runtime.getRuntime().maxMemory() >> 20, config.embedded().memoryLimit(), config.poolSize());
            log.info("Ready in {} ms: open {}/test", (System.nanoTime() - started) / 1_000_000,
                    api.baseUrl(config.host(), access.tls().isPresent()));
            return api;
        } catch (Exception e) {
            authStore.ifPresent(AuthStore::close);
            metrics.close();
            backend.close();
            accessLines.close();
            throw e;
        }
    }

    /** The tables the reports read: the embedded data also has derived tables and a bounded top 10. */
    private static TpchTables tables(ServerConfig config) {
        OrdersTable orders = new OrdersTable(config.ordersTable());
        return switch (config.warehouse()) {
            case DUCKDB -> TpchTables.embedded(orders, config.embedded().scale(), CustomerKeyRanges.withinMemory(
                    config.embedded().scale(), config.embedded().memoryLimitBytes(), config.poolSize()));
            case POSTGRES, SNOWFLAKE -> TpchTables.ordersOnly(orders);
        };
    }

    private static Backend openBackend(ServerConfig config) throws Exception {
        Duration timeout = config.limits().statementTimeout();
        return switch (config.warehouse()) {
            case DUCKDB -> {
                EmbeddedConfig embedded = config.embedded();
                EmbeddedTpch tpch = new EmbeddedTpch(embedded.dataDir(), embedded.threads(), log::info);
                Path file = tpch.databaseFile(embedded.scale());
                try {
                    tpch.ensure(embedded.scale());
                } catch (EmbeddedTpch.DatabaseLockedException e) {
                    // Busy rather than broken: serve 503 until it can be opened.
                    log.warn("{}; answering 503 until it can be opened", e.getMessage());
                }
                // The cores are shared by the pooled connections: under load, queries side by side on one
                // thread each give more answers a second, and need less memory, than queries split over threads.
                int threadsPerQuery = Math.max(1, embedded.threads() / config.poolSize());
                yield sqlBackend(new Warehouse("DuckDB " + file + " (scale factor " + embedded.scale() + ")", SQLDialect.DUCKDB,
                        DuckDbConnections.openReadOnly(file, embedded.memoryLimit(), threadsPerQuery,
                                connection -> EmbeddedTpch.holds(connection, embedded.scale())),
                        config.poolSize(), config.poolWait(), timeout));
            }
            case POSTGRES -> {
                PostgresConfig postgres = config.postgres().orElseThrow();
                yield sqlBackend(new Warehouse("PostgreSQL " + postgres.jdbcUrl(), SQLDialect.POSTGRES,
                        PostgresConnections.dataSource(postgres, config.poolWait()), config.poolSize(), config.poolWait(), timeout));
            }
            case SNOWFLAKE -> SnowflakeBackend.open(config.snowflake().orElseThrow(), config.poolSize(), config.poolWait(), timeout);
        };
    }

    /** A warehouse jOOQ has a dialect for: both families run their SQL through its pool. */
    private static Backend sqlBackend(Warehouse warehouse) {
        return new Backend(warehouse.description(), warehouse,
                List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)), List.of(warehouse));
    }

    public int port() {
        return http.port();
    }

    private String baseUrl(String host, boolean tls) {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return (tls ? "https://" : "http://") + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port();
    }

    @Override
    public void close() throws Exception {
        http.close();
        authStore.ifPresent(AuthStore::close);
        backend.close();
        metrics.close();
        accessLines.close();
    }
}
