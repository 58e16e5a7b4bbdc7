package dataapi.cli;

import dataapi.DataApi;
import dataapi.config.AccessConfig;
import dataapi.config.CacheConfig;
import dataapi.config.CacheTtl;
import dataapi.config.EmbeddedConfig;
import dataapi.config.MemoryBudget;
import dataapi.config.ServerConfig;
import dataapi.config.SnowflakeConfig;
import dataapi.config.WarehouseKind;
import dataapi.declared.EndpointsFile;
import dataapi.declared.SqlEndpoint;
import dataapi.http.AccessChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** {@code dataapi serve}: the HTTP server, on the embedded TPC-H warehouse. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the data API; generates the embedded TPC-H data while it listens when the data is missing.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", converter = Converters.Port.class,
            defaultValue = "${env:DATAAPI_PORT:-8001}",
            description = "Port to listen on; 0 picks a free one (env DATAAPI_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", paramLabel = "PORT", converter = Converters.Port.class, defaultValue = "${env:DATAAPI_METRICS_PORT}",
            description = "Serve /metrics on this port instead of --port, over plain HTTP without credentials, beside /healthz and /readyz;"
                    + " 0 picks a free one (env DATAAPI_METRICS_PORT, unset for none).")
    Integer metricsPort;

    @Option(names = "--host", paramLabel = "ADDRESS", converter = Converters.ListenAddress.class, defaultValue = "${env:DATAAPI_HOST:-127.0.0.1}",
            description = "Address to listen on; 0.0.0.0 for all (env DATAAPI_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    EmbeddedOptions embedded;

    @Mixin
    WarehouseOptions warehouse;

    @Option(names = "--memory-limit", paramLabel = "SIZE", converter = Converters.MemorySize.class,
            defaultValue = "${env:DATAAPI_MEMORY_LIMIT:-auto}",
            description = "DuckDB's buffer pool limit while serving; auto is a quarter of the container's memory limit"
                    + " (or -XX:MaxRAM), at most what the Java heap and the rest of the process leave, e.g. 32MB in 256 MB;"
                    + " at least 8MB (env DATAAPI_MEMORY_LIMIT, default ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Option(names = "--pool-size", paramLabel = "N", converter = Converters.NonNegative.class,
            defaultValue = "${env:DATAAPI_POOL_SIZE:-0}",
            description = "Most warehouse connections at once; 0 picks one per DuckDB thread for the embedded DuckDB, whose"
                    + " queries run in this process, but no more than its memory limit holds (32MB a connection at"
                    + " scale factor 10, in proportion at others), and 8 for remote warehouses (env DATAAPI_POOL_SIZE).")
    int poolSize;

    @Option(names = "--pool-wait", paramLabel = "DURATION", converter = Converters.PoolWait.class,
            defaultValue = "${env:DATAAPI_POOL_WAIT:-5s}",
            description = "How long a request waits for a warehouse connection before 503, at least 250ms (env DATAAPI_POOL_WAIT, default ${DEFAULT-VALUE}).")
    Duration poolWait;

    @Option(names = "--cache-size", paramLabel = "SIZE", converter = Converters.Bytes.class,
            defaultValue = "${env:DATAAPI_CACHE_SIZE:-16MB}",
            description = "Memory for cached report results; 0 turns the cache off (env DATAAPI_CACHE_SIZE, default ${DEFAULT-VALUE}).")
    long cacheSize;

    @Option(names = "--cache-ttl", paramLabel = "DURATION", converter = Converters.CacheTtlConverter.class,
            defaultValue = "${env:DATAAPI_CACHE_TTL:-auto}",
            description = "How long a cached result is served, e.g. 60s; forever; off, not cached; or auto: forever on the embedded data,"
                    + " which never changes while served, a minute on other warehouses; a declared endpoint's cache_ttl overrides it"
                    + " (env DATAAPI_CACHE_TTL, default ${DEFAULT-VALUE}).")
    CacheTtl cacheTtl;

    @Option(names = "--orders-table", paramLabel = "NAME", converter = Converters.TableName.class,
            defaultValue = "${env:DATAAPI_ORDERS_TABLE}",
            description = "Qualified name of the ORDERS table on an external warehouse (env DATAAPI_ORDERS_TABLE, "
                    + "default on postgres orders, on snowflake SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS).")
    String ordersTable;

    @Option(names = "--endpoints", paramLabel = "FILE", defaultValue = "${env:DATAAPI_ENDPOINTS}",
            description = "A JSON file of endpoints declared with SQL, served under /connector beside the reports (env DATAAPI_ENDPOINTS,"
                    + " unset or empty for none).")
    Path endpointsFile;

    @Mixin
    LimitOptions limits;

    @Mixin
    AccessOptions access;

    @Mixin
    AuthStoreOptions authStore;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        if (config.file != null) {
            // Not the values: a JDBC URL may name a user.
            log.info("Read the configuration file {}; took {} of its settings", config.file,
                    ((Environment) spec.defaultValueProvider()).takenFromFile(spec));
        }
        AccessConfig accessConfig = access.toConfig(authStore, embedded.dataDir);
        try {
            AccessChecks.requireAuthenticationBeyondLoopback(accessConfig, host);
        } catch (IllegalArgumentException e) {
            throw UsageError.of(spec, e.getMessage(), "--auth", "--host", "--allow-anonymous");
        }
        EmbeddedConfig embeddedConfig = new EmbeddedConfig(embedded.dataDir, embedded.scale,
                memoryLimit.equals("auto") ? MemoryBudget.ofThisProcess().duckDbShare(Runtime.getRuntime().maxMemory()) : memoryLimit,
                embedded.threadsOrCores());
        ServerConfig config = new ServerConfig(host, port, metricsPort(), embeddedConfig,
                poolSize > 0 ? poolSize : warehouse.warehouse.defaultPoolSize(embeddedConfig), poolWait,
                new CacheConfig(cacheSize, cacheTtl.resolve(warehouse.warehouse)),
                warehouse.warehouse, ordersTable(), warehouse.postgres(), snowflake(), limits.limits(), accessConfig, declaredEndpoints());
        // Hooked before the start: a SIGTERM as soon as the server listens (while it generates) must find the hook.
        AtomicReference<DataApi> started = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                DataApi running = started.get();
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                System.err.println("dataapi serve: error while stopping: " + e.getMessage());
            } finally {
                stopped.complete(null);
            }
        }, "shutdown"));
        DataApi api = DataApi.start(config);
        started.set(api);
        // A generation that fails, or data that a declared endpoint does not fit, ends the server as a
        // failed start would: exit code 1 and one line. What the shutdown stopped is no failure.
        api.ready().whenComplete((ready, failure) -> {
            if (failure != null && !stopping.get()) {
                stopped.completeExceptionally(unwrapped(failure));
            }
        });
        try {
            stopped.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return 0;
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The metrics port, when asked for: not the API's, which both cannot listen on. */
    private OptionalInt metricsPort() {
        if (metricsPort == null) {
            return OptionalInt.empty();
        }
        if (port != 0 && metricsPort == port) {
            throw UsageError.of(spec, "--metrics-port " + metricsPort + " is also --port; give the metrics another port", "--metrics-port", "--port");
        }
        return OptionalInt.of(metricsPort);
    }

    /** Read now, so that a mistake in the file stops start-up in one line. */
    private List<SqlEndpoint> declaredEndpoints() {
        if (endpointsFile == null) {
            return List.of();
        }
        // Only the flag can be empty: an empty DATAAPI_ENDPOINTS is unset (Environment).
        if (endpointsFile.toString().isEmpty()) {
            throw UsageError.of(spec, "--endpoints is empty; give the path of a JSON file", "--endpoints");
        }
        try {
            return EndpointsFile.read(endpointsFile);
        } catch (IllegalArgumentException e) {
            throw UsageError.of(spec, "cannot use the endpoints file: " + e.getMessage(), "--endpoints");
        }
    }

    private String ordersTable() {
        if (ordersTable != null && warehouse.warehouse == WarehouseKind.DUCKDB) {
            throw UsageError.of(spec, "--orders-table does not apply to the embedded warehouse", "--orders-table", "--warehouse");
        }
        return ordersTable != null ? ordersTable : warehouse.warehouse.defaultOrdersTable();
    }

    /** Read now, so that a missing or contradictory setting stops start-up in one line. */
    private Optional<SnowflakeConfig> snowflake() {
        if (warehouse.warehouse != WarehouseKind.SNOWFLAKE) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnowflakeConfig.fromEnvironment(System.getenv(), SnowflakeConfig.SPCS_TOKEN_FILE));
        } catch (IllegalArgumentException e) {
            throw UsageError.of(spec, e.getMessage(), "--warehouse");
        }
    }
}
