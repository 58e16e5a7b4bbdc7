package dataapi;

import dataapi.config.AccessConfig;
import dataapi.config.AuthStoreConfig;
import dataapi.config.CacheConfig;
import dataapi.config.CacheLifetime;
import dataapi.config.EmbeddedConfig;
import dataapi.config.PostgresConfig;
import dataapi.config.RequestLimits;
import dataapi.config.ServerConfig;
import dataapi.config.WarehouseKind;
import dataapi.tpch.EmbeddedTpch;
import dataapi.tpch.ScaleFactor;
import dataapi.warehouse.DuckDbConnections;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The small embedded data set the tests share: TPC-H at scale 0.01, generated once per run. */
public final class TestData {
    public static final ScaleFactor SCALE = ScaleFactor.parse("0.01");
    public static final CacheConfig NO_CACHE = new CacheConfig(0, CacheLifetime.FOREVER);
    public static final Path DATA_DIR = Path.of("target", "test-data").toAbsolutePath();

    private static Path database;

    private TestData() {
    }

    /** {@code file} opened read-only as the tests serve it: a 64MB buffer pool and one thread a query, whatever the file holds. */
    public static DuckDbConnections duckDb(Path file) {
        return DuckDbConnections.openReadOnly(file, "64MB", 1, connection -> true);
    }

    public static synchronized Path database() throws Exception {
        if (database == null) {
            database = new EmbeddedTpch(DATA_DIR, 2, line -> { }).ensure(SCALE);
        }
        return database;
    }

    /** A server on a free loopback port over a PostgreSQL database, without a result cache. */
    public static ServerConfig postgresServerConfig(PostgresConfig postgres, int poolSize, Duration poolWait, RequestLimits limits) {
        return new ServerConfig("127.0.0.1", 0, OptionalInt.empty(), new EmbeddedConfig(DATA_DIR, SCALE, "64MB", 1), poolSize, poolWait,
                NO_CACHE,
                WarehouseKind.POSTGRES, WarehouseKind.POSTGRES.defaultOrdersTable(), Optional.of(postgres), Optional.empty(), limits,
                openAccess(DATA_DIR), List.of());
    }

    /** No authentication, TLS or CORS; the user store, if ever used, under {@code dataDir}. */
    public static AccessConfig openAccess(Path dataDir) {
        return AccessConfig.open(AuthStoreConfig.file(dataDir));
    }

    /** A server on a free loopback port over the shared data, without a result cache; DuckDB requires every opener of the file in one process to use the same settings. */
    public static ServerConfig serverConfig() throws Exception {
        return serverConfig(NO_CACHE);
    }

    /** Copies the shared data into {@code dataDir}, for a test that locks, moves or breaks its copy; returns the copy. */
    public static Path copyOfDatabase(Path dataDir) throws Exception {
        return Files.copy(database(), dataDir.resolve(database().getFileName()));
    }

    /** A server on a free loopback port over the data in {@code dataDir}, with 2 pooled connections that wait up to 2 s. */
    public static ServerConfig serverConfig(Path dataDir) {
        return new ServerConfig("127.0.0.1", 0, OptionalInt.empty(), new EmbeddedConfig(dataDir, SCALE, "64MB", 2), 2, Duration.ofSeconds(2),
                NO_CACHE,
                WarehouseKind.DUCKDB, WarehouseKind.DUCKDB.defaultOrdersTable(), Optional.empty(), Optional.empty(),
                RequestLimits.DEFAULTS, openAccess(dataDir), List.of());
    }

    public static ServerConfig serverConfig(CacheConfig cache) throws Exception {
        return serverConfig(cache, RequestLimits.DEFAULTS);
    }

    /** As {@link #serverConfig()}, with the given limits. */
    public static ServerConfig serverConfig(RequestLimits limits) throws Exception {
        return serverConfig(NO_CACHE, limits);
    }

    private static ServerConfig serverConfig(CacheConfig cache, RequestLimits limits) throws Exception {
        database();
        return new ServerConfig("127.0.0.1", 0, OptionalInt.empty(), new EmbeddedConfig(DATA_DIR, SCALE, "64MB", 1), 4, Duration.ofSeconds(5),
                cache,
                WarehouseKind.DUCKDB, WarehouseKind.DUCKDB.defaultOrdersTable(), Optional.empty(), Optional.empty(),
                limits, openAccess(DATA_DIR), List.of());
    }
}
