package dataapi.http;

import dataapi.AuthTestSupport;
import dataapi.TestData;
import dataapi.auth.AuthStore;
import dataapi.auth.AuthStores;
import dataapi.cache.ResultCache;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.CacheLifetime;
import dataapi.config.RequestLimits;
import dataapi.config.TrustedProxies;
import dataapi.family.ConnectorQueries;
import dataapi.family.SnowparkQueries;
import dataapi.report.OrdersTable;
import dataapi.report.Reports;
import dataapi.report.TpchTables;
import dataapi.warehouse.Warehouse;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login hashes its password (PBKDF2, half a second of a core) where {@link LongWork} says, not
 * on one of Jetty's few threads: forty logins at once held all 16 of them on Java 25, and
 * {@code /healthz} waited up to 2.8 s (bench/RESULTS.md).
 */
class LoginLongWorkTest {
    @TempDir
    static Path work;

    @Test
    void aLoginGoesOnWhereLongWorkSaysAndStillLogsIn() throws Exception {
        Path dataDir = work.resolve("data");
        AuthTestSupport.quickstartSetUp(List.of("--data-dir", dataDir.toString()), work);
        AuthStoreConfig storeConfig = AuthStoreConfig.file(dataDir.resolve("auth"));
        AtomicInteger handedOver = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool();
        LongWork longWork = LongWork.on(runnable -> {
            handedOver.incrementAndGet();
            threads.execute(runnable);
        });
        HttpClient client = HttpClient.newHttpClient();
        try (AuthStore store = AuthStores.open(storeConfig);
             Warehouse warehouse = new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()),
                     1, Duration.ofSeconds(5), RequestLimits.DEFAULTS.statementTimeout());
             Metrics metrics = new Metrics()) {
            ServerAccess access = ServerAccess.of(new AccessConfig(AuthMode.BUILTIN, false, storeConfig, Optional.empty(), List.of(), TrustedProxies.NONE),
                    Optional.of(store), Clock.systemUTC());
            ApiServer server = new ApiServer("127.0.0.1", 0, OptionalInt.empty(), Reports.all(TpchTables.ordersOnly(new OrdersTable("orders"))),
                    List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse)), new ResultCache(0, CacheLifetime.FOREVER, Map.of()),
                    RequestLimits.DEFAULTS, warehouse::readiness, metrics, new AccessLog(line -> { }), access, longWork).start();
            try {
                String login = "http://127.0.0.1:" + server.port() + "/login";
                HttpResponse<String> wrong = AuthTestSupport.post(client, login, Map.of("user", "apiuser", "password", "not the password"), "text/html");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(handedOver).hasValue(1);

                HttpResponse<String> right = AuthTestSupport.post(client, login,
                        Map.of("user", "apiuser", "password", AuthTestSupport.PASSWORD, "next", "/test"), "text/html");
                assertThat(right.statusCode()).isEqualTo(303);
                assertThat(right.headers().firstValue("Location")).hasValue("/test");
                assertThat(right.headers().firstValue("Set-Cookie")).isPresent();
                assertThat(handedOver).hasValue(2);
            } finally {
                server.close();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
