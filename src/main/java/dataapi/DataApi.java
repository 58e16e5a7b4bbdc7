package dataapi;

import dataapi.auth.AuthStore;
import dataapi.auth.AuthStores;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.EmbeddedConfig;
import dataapi.config.ServerConfig;
import dataapi.family.ConnectorQueries;
import dataapi.family.SnowparkQueries;
import dataapi.http.AccessChecks;
import dataapi.http.ApiServer;
import dataapi.http.ServerAccess;
import dataapi.report.OrdersTable;
import dataapi.report.Reports;
import dataapi.tpch.EmbeddedTpch;
import dataapi.warehouse.DuckDbConnections;
import dataapi.warehouse.Warehouse;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A running server: the embedded warehouse, its pool and the HTTP routes, wired by hand. */
public final class DataApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataApi.class);

    private final Warehouse warehouse;
    private final ApiServer http;
    private final Optional<AuthStore> authStore;

    private DataApi(Warehouse warehouse, ApiServer http, Optional<AuthStore> authStore) {
        this.warehouse = warehouse;
        this.http = http;
        this.authStore = authStore;
    }

    /** Generates the data when it is missing, opens it and starts listening. */
    public static DataApi start(ServerConfig config) throws Exception {
        requireNonNull(config, "config is null");
        long started = System.nanoTime();
        AccessConfig access = config.access();
        AccessChecks.warnOrRefuse(access, config.host(), log);
        EmbeddedConfig embedded = config.embedded();
        Path file = new EmbeddedTpch(embedded.dataDir(), embedded.threads(), log::info).ensure(embedded.scale());
        Warehouse warehouse = new Warehouse("DuckDB " + file, SQLDialect.DUCKDB,
                DuckDbConnections.openReadOnly(file, embedded.memoryLimit(), embedded.threads()),
                config.poolSize(), config.poolWait());
        Optional<AuthStore> authStore = Optional.empty();
        try {
            if (access.mode() == AuthMode.BUILTIN) {
                authStore = Optional.of(AuthStores.open(access.store()));
                log.info("Users, roles and PATs from the {}", authStore.get());
            }
            OrdersTable orders = new OrdersTable("orders");
            ApiServer http = new ApiServer(config.host(), config.port(), Reports.all(orders),
                    List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)),
                    ServerAccess.of(access, authStore, Clock.systemUTC())).start();
            DataApi api = new DataApi(warehouse, http, authStore);
            log.info("Serving TPC-H scale factor {} from {}", embedded.scale(), file);
            log.info("Ready in {} ms: open {}/test", (System.nanoTime() - started) / 1_000_000, api.baseUrl(config.host(), access.tls().isPresent()));
            return api;
        } catch (Exception e) {
            authStore.ifPresent(AuthStore::close);
            warehouse.close();
            throw e;
        }
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
        warehouse.close();
    }
}
