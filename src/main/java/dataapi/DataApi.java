package dataapi;

import dataapi.auth.AuthStore;
import dataapi.auth.AuthStores;
import dataapi.cache.ResultCache;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.CacheLifetime;
import dataapi.config.EmbeddedConfig;
import dataapi.config.PostgresConfig;
import dataapi.config.ServerConfig;
import dataapi.config.WarehouseKind;
import dataapi.declared.CheckedBeforeFirstUse;
import dataapi.declared.CheckedEndpoint;
import dataapi.declared.SqlEndpoint;
import dataapi.endpoint.DataFrameEndpoint;
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
import dataapi.tpch.BackgroundGeneration;
import dataapi.tpch.EmbeddedTpch;
import dataapi.warehouse.DuckDbConnections;
import dataapi.warehouse.PostgresConnectionLimits;
import dataapi.warehouse.PostgresConnections;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.snowflake.SnowflakeBackend;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
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
    private final CompletableFuture<Void> ready;

    private DataApi(Backend backend, Metrics metrics, ApiServer http, Optional<AuthStore> authStore, BackgroundLineWriter accessLines,
                    CompletableFuture<Void> ready) {
        this.backend = backend;
        this.metrics = metrics;
        this.http = http;
        this.authStore = authStore;
        this.accessLines = accessLines;
        this.ready = ready;
    }

    /**
     * Opens the warehouse and starts listening; when the embedded data is missing, it is generated
     * meanwhile, and requests get 503 until {@link #ready()}.
     */
    public static DataApi start(ServerConfig config) throws Exception {
        requireNonNull(config, "config is null");
        long started = System.nanoTime();
        AccessConfig access = config.access();
        AccessChecks.warnOrRefuse(access, config.host(), log);
        BackgroundGeneration generation = embeddedData(config);
        Backend backend = openBackend(config, generation);
        Metrics metrics = new Metrics();
        Optional<AuthStore> authStore = Optional.empty();
        // The access log goes to standard output, one JSON object a line; other logs go to standard error.
        BackgroundLineWriter accessLines = new BackgroundLineWriter(System.out, "access-log");
        try {
            Warehouse warehouse = backend.warehouse();
            boolean generating = !warehouse.dataMade().isDone();
            warehouse.bindTo(metrics.registry());
            if (access.mode() == AuthMode.BUILTIN) {
                authStore = Optional.of(AuthStores.open(access.store()));
                log.info("Users, roles and PATs from the {}", authStore.get());
            }
            List<SqlEndpoint> declared = config.declaredEndpoints();
            ResultCache results = new ResultCache(config.cache().maxBytes(), config.cache().timeToLive(), lifetimes(declared, config.warehouse()));
            List<DataFrameEndpoint<?>> reports = Reports.all(tables(config));
            List<Endpoint<?>> endpoints = new ArrayList<>(reports);
            endpoints.addAll(declared);
            CheckedBeforeFirstUse checks = new CheckedBeforeFirstUse(warehouse, checked(config, reports, declared));
            List<QueryFamily> families = backend.families().stream().map(checks::of).toList();
            // Checked once the data is there: now, or after the generation.
            if (!generating) {
                checks.checkNow();
            }
            for (QueryFamily family : families) {
                endpoints.stream().filter(family::serves).forEach(family::prepare);
            }
            ApiServer http = new ApiServer(config.host(), config.port(), config.metricsPort(), endpoints, families, results,
                    config.limits(), warehouse::readiness, metrics, new AccessLog(accessLines),
                    ServerAccess.of(access, authStore, Clock.systemUTC())).start();
            String address = baseUrl(config.host(), http.port(), access.tls().isPresent());
            // The metrics port speaks plain HTTP whatever the API's port speaks.
            String metricsAddress = http.metricsPort().isPresent()
                    ? "; metrics on " + baseUrl(config.host(), http.metricsPort().getAsInt(), false) + Metrics.PATH : "";
            // Asked once: the start's last line must not call a server ready whose warehouse does not answer.
            boolean unreachable = !generating && !warehouse.isReady();
            if (generating) {
                log.info("Listening on {}{}; requests for data get 503 until the embedded data is generated", address, metricsAddress);
            } else if (unreachable) {
                log.warn("The warehouse is not reachable yet; requests get 503 until it is");
            }
            log.info("Serving {} from {}", config.ordersTable(), backend.description());
            if (!declared.isEmpty()) {
                log.info("Declared endpoints, under /connector: {}", declared.stream().map(Endpoint::path).collect(Collectors.joining(", ")));
            }
            log.info("Memory: Java heap up to {} MB{}, pooled connections: {}", Runtime.getRuntime().maxMemory() >> 20,
                    config.warehouse() == WarehouseKind.DUCKDB ? ", DuckDB memory_limit " + config.embedded().memoryLimit() : "",
                    config.poolSize());
            generation.start();
            CompletableFuture<Void> ready = warehouse.dataMade().thenRun(() -> {
                if (generating) {
                    // A declaration that does not fit the data stops the server, as it stops a start.
                    checks.checkNow();
                }
                log.info("{} in {} ms: open {}/test{}", unreachable ? "Started without the warehouse" : "Ready",
                        (System.nanoTime() - started) / 1_000_000, address, metricsAddress);
            });
            return new DataApi(backend, metrics, http, authStore, accessLines, ready);
        } catch (Exception e) {
            authStore.ifPresent(AuthStore::close);
            metrics.close();
            backend.close();
            accessLines.close();
            throw e;
        }
    }

    /**
     * The endpoints checked against the warehouse before their first query: the reports first, on a warehouse
     * whose table the settings name, then the declared ones. The embedded data's tables are the generator's, and
     * the start has found them complete ({@link EmbeddedTpch#holds}): the reports' SQL, made for them, is not
     * checked there, where the top 10's example range would have only the window totals described, not ORDERS.
     */
    private static List<CheckedEndpoint> checked(ServerConfig config, List<DataFrameEndpoint<?>> reports, List<SqlEndpoint> declared) {
        List<CheckedEndpoint> checked = new ArrayList<>();
        if (config.warehouse() != WarehouseKind.DUCKDB) {
            String table = config.ordersTable() + " (--orders-table, DATAAPI_ORDERS_TABLE)";
            reports.forEach(report -> checked.add(CheckedEndpoint.report(report, table)));
        }
        declared.forEach(endpoint -> checked.add(CheckedEndpoint.declared(endpoint)));
        return checked;
    }

    /** By id, the cache lifetimes of the declared endpoints that set their own, on {@code warehouse}. */
    private static Map<String, CacheLifetime> lifetimes(List<SqlEndpoint> declared, WarehouseKind warehouse) {
        return declared.stream().filter(endpoint -> endpoint.cacheTtl().isPresent())
                .collect(Collectors.toUnmodifiableMap(SqlEndpoint::id, endpoint -> endpoint.cacheTtl().get().resolve(warehouse)));
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

    /** @param generation the embedded data's, closed with the backend; unused for other warehouses */
    private static Backend openBackend(ServerConfig config, BackgroundGeneration generation) throws Exception {
        Duration timeout = config.limits().statementTimeout();
        return switch (config.warehouse()) {
            case DUCKDB -> {
                EmbeddedConfig embedded = config.embedded();
                Path file = embeddedTpch(config).databaseFile(embedded.scale());
                // The cores are shared by the pooled connections: under load, queries side by side on one
                // thread each give more answers a second, and need less memory, than queries split over threads.
                int threadsPerQuery = Math.max(1, embedded.threads() / config.poolSize());
                Warehouse warehouse = new Warehouse("DuckDB " + file + " (scale factor " + embedded.scale() + ")", SQLDialect.DUCKDB,
                        DuckDbConnections.openReadOnly(file, embedded.memoryLimit(), threadsPerQuery,
                                connection -> EmbeddedTpch.holds(connection, embedded.scale())),
                        config.poolSize(), config.poolWait(), timeout, Warehouse.DEFAULT_CONNECTION_LIFETIME, generation.done());
                // The generation stops first: a server stopped while it runs leaves its work for the next start to remove.
                yield sqlBackend(warehouse, generation);
            }
            case POSTGRES -> {
                PostgresConfig postgres = config.postgres().orElseThrow();
                DataSource connections = PostgresConnections.forQueries(postgres, config.poolWait(), timeout);
                PostgresConnectionLimits.check(connections, config.poolSize(), log);
                yield sqlBackend(new Warehouse("PostgreSQL " + postgres.jdbcUrlForLogs(), SQLDialect.POSTGRES,
                        connections, config.poolSize(), config.poolWait(), timeout));
            }
            case SNOWFLAKE -> SnowflakeBackend.open(config.snowflake().orElseThrow(), config.poolSize(), config.poolWait(), timeout);
        };
    }

    /** The embedded data, found complete or to be generated; nothing to wait for on other warehouses. */
    private static BackgroundGeneration embeddedData(ServerConfig config) throws IOException {
        if (config.warehouse() != WarehouseKind.DUCKDB) {
            return BackgroundGeneration.none();
        }
        return BackgroundGeneration.of(embeddedTpch(config), config.embedded().scale());
    }

    private static EmbeddedTpch embeddedTpch(ServerConfig config) {
        return new EmbeddedTpch(config.embedded().dataDir(), config.embedded().threads(), log::info);
    }

    /** A warehouse jOOQ has a dialect for: both families run their SQL through its pool; {@code resources} close before it. */
    private static Backend sqlBackend(Warehouse warehouse, AutoCloseable... resources) {
        List<AutoCloseable> closed = new ArrayList<>(List.of(resources));
        closed.add(warehouse);
        return new Backend(warehouse.description(), warehouse,
                List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)), closed);
    }

    public int port() {
        return http.port();
    }

    /** The metrics port, when the metrics have one. */
    public OptionalInt metricsPort() {
        return http.metricsPort();
    }

    /**
     * Completes once the data can be served: at once, or when its generation is done; exceptionally
     * when the generation fails or a declared endpoint does not fit the data, and when the server is
     * closed before.
     */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    private static String baseUrl(String host, int port, boolean tls) {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return (tls ? "https://" : "http://") + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port;
    }

    /** Stops listening, then closes the rest in order, each even when one before it fails (a stop that timed out, say). */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> resources = new ArrayList<>(List.of(http));
        authStore.ifPresent(store -> resources.add(store::close));
        resources.addAll(List.of(backend, metrics, accessLines));
        Closeables.closeAll(resources);
    }
}
