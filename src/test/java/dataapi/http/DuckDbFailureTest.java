package dataapi.http;

import dataapi.DataApi;
import dataapi.Await;
import dataapi.HoldDuckDbLock;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.RawHttp;
import dataapi.SlowQuery;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.TestTls;
import dataapi.config.RequestLimits;
import dataapi.config.TrustedProxies;
import dataapi.warehouse.Warehouse;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded warehouse under a long query, a client that hangs up, a file that disappears and one that is locked. */
class DuckDbFailureTest {
    @ParameterizedTest
    @EnumSource(SlowQueryServer.Waiting.class)
    void aQueryPastTheStatementTimeoutIsInterruptedAnd504(SlowQueryServer.Waiting waiting) throws Exception {
        try (SlowQueryServer server = server(1, new RequestLimits(Duration.ofSeconds(1), 4, 8, Duration.ofSeconds(5)), waiting)) {
            for (String family : List.of("/connector", "/snowpark")) {
                // Hours of work if it were not stopped.
                HttpResponse<String> response = Http.get(server.port(), family + "/slow?work=1000");
                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).isEqualTo("{\"error\":\"The query took too long and was cancelled.\"}");
                // The pool's only connection is free again: the query no longer runs.
                assertThat(Http.get(server.port(), family + "/customers/top10").statusCode()).isEqualTo(200);
                // The cancelled query's text runs again, to its end: a count over no rows.
                HttpResponse<String> again = Http.get(server.port(), family + "/slow?work=0");
                assertThat(again.statusCode()).isEqualTo(200);
                assertThat(again.body()).isEqualTo("[{\"N\":0}]");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SlowQueryServer.Waiting.class)
    void whenTheClientGoesAwayItsQueryIsInterrupted(SlowQueryServer.Waiting waiting) throws Exception {
        try (SlowQueryServer server = server(1, RequestLimits.DEFAULTS, waiting)) {
            try (RawHttp request = RawHttp.get("127.0.0.1", server.port(), "/connector/slow?work=1000")) {
                Await.until(() -> busy(server), "the query holds the only connection");
            }
            Await.until(() -> !busy(server), "the query is interrupted once the client has gone");
            assertThat(Http.get(server.port(), "/connector/customers/top10").statusCode()).isEqualTo(200);
        }
    }

    /**
     * Over TLS, a client that goes without ending its session (killed, or cut off) is noticed as one over
     * plain HTTP is. Its socket is closed under its TLS session, so no close_notify is sent.
     */
    @Test
    void whenAClientGoesAwayOverTlsItsQueryIsInterrupted(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        try (SlowQueryServer server = new SlowQueryServer(warehouse(1, RequestLimits.DEFAULTS), SlowQuery.duckDb(), RequestLimits.DEFAULTS,
                new ServerAccess(AccessGate.none(), Optional.of(tls.files()), List.of(), TrustedProxies.NONE))) {
            HttpClient client = tls.client();
            String base = "https://127.0.0.1:" + server.port();
            BooleanSupplier busy = () -> {
                try {
                    return client.send(HttpRequest.newBuilder(URI.create(base + "/connector/slow?work=0")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 503;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                SSLSocket session = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(socket, "127.0.0.1", server.port(), false);
                session.getOutputStream().write(("GET /connector/slow?work=1000 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                session.getOutputStream().flush();
                Await.until(busy, "the query holds the only connection");
            }
            Await.until(() -> !busy.getAsBoolean(), "the query is interrupted once the client has gone");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/connector/customers/top10")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(SlowQueryServer.Waiting.class)
    void requestsThatFindThePoolBusyShowInTheMetrics(SlowQueryServer.Waiting waiting) throws Exception {
        try (SlowQueryServer server = server(1, RequestLimits.DEFAULTS, waiting)) {
            try (RawHttp request = RawHttp.get("127.0.0.1", server.port(), "/connector/slow?work=1000")) {
                Await.until(() -> busy(server), "the query holds the only connection");
                String before = Http.get(server.port(), "/metrics").body();
                for (int i = 0; i < 2; i++) {
                    assertThat(Http.get(server.port(), "/snowpark/customers/top10").statusCode()).isEqualTo(503);
                }
                String after = Http.get(server.port(), "/metrics").body();
                assertThat(sample(after, "dataapi_query_wait_timeouts_total") - sample(before, "dataapi_query_wait_timeouts_total")).isEqualTo(2);
                assertThat(sample(after, "dataapi_query_wait_seconds_count") - sample(before, "dataapi_query_wait_seconds_count")).isEqualTo(2);
                // Each waited the pool's wait, 300 ms, before it was refused.
                assertThat(sample(after, "dataapi_query_wait_seconds_sum") - sample(before, "dataapi_query_wait_seconds_sum")).isGreaterThanOrEqualTo(0.6);
                assertThat(sample(after, "dataapi_query_waiting")).isZero();
            }
        }
    }

    /** A sample's value in Prometheus' text format, whatever its labels. */
    private static double sample(String exposition, String name) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertThat(matcher.find()).as(name).isTrue();
        return Double.parseDouble(matcher.group(2));
    }

    @Test
    void aFileThatDisappearsGives503AndNotReadyUntilItIsBack(@TempDir Path dataDir) throws Exception {
        Path file = TestData.copyOfDatabase(dataDir);
        try (DataApi api = DataApi.start(TestData.serverConfig(dataDir))) {
            assertThat(Http.get(api.port(), "/readyz").statusCode()).isEqualTo(200);
            Path away = dataDir.resolve("moved-away");
            Files.move(file, away);

            Await.until(() -> Http.status(api.port(), "/readyz") == 503, "not ready without the file");
            List<Integer> statuses = new ArrayList<>();
            String logged = StandardError.during(() -> {
                for (int i = 0; i < 20; i++) {
                    statuses.add(Http.status(api.port(), "/snowpark/customers/top10"));
                }
            });
            assertThat(statuses).containsOnly(503);
            // The outage was logged once when it began; each refusal is in the access log, not a line of its own.
            assertThat(logged).doesNotContain("warehouse unavailable");
            assertThat(Http.status(api.port(), "/healthz")).isEqualTo(200);

            Files.move(away, file);
            Await.until(() -> Http.status(api.port(), "/readyz") == 200, "ready again once the file is back");
            Await.until(() -> Http.status(api.port(), "/snowpark/customers/top10") == 200, "reports answer again, with no restart");
        }
    }

    @Test
    void aFileLockedByAnotherProcessGives503AndNotReadyUntilItIsFree(@TempDir Path dataDir) throws Exception {
        Path file = TestData.copyOfDatabase(dataDir);
        long modified = Files.getLastModifiedTime(file).toMillis();
        try (HoldDuckDbLock.Held lock = HoldDuckDbLock.on(file); DataApi api = DataApi.start(TestData.serverConfig(dataDir))) {
            assertThat(Http.status(api.port(), "/readyz")).isEqualTo(503);
            HttpResponse<String> refused = Http.get(api.port(), "/connector/customers/top10");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(Http.status(api.port(), "/healthz")).isEqualTo(200);

            lock.release();
            Await.until(() -> Http.status(api.port(), "/readyz") == 200, "ready once the lock is released");
            Await.until(() -> Http.status(api.port(), "/connector/customers/top10") == 200, "reports answer again, with no restart");
            HttpResponse<String> served = Http.get(api.port(), "/connector/customers/top10");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(OrdersOracle.json(new OrdersOracle(TestData.SCALE.asDouble())
                    .top10(LocalDate.parse("1995-01-01"), LocalDate.parse("1995-03-31"))));
        }
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("the locked file was not generated again").isEqualTo(modified);
    }

    /** The reports and {@link SlowQuery} over the shared embedded data. */
    private static SlowQueryServer server(int poolSize, RequestLimits limits, SlowQueryServer.Waiting waiting) throws Exception {
        return new SlowQueryServer(warehouse(poolSize, limits), SlowQuery.duckDb(), limits, waiting);
    }

    /** The shared embedded data, with a pool wait of 300 ms. */
    private static Warehouse warehouse(int poolSize, RequestLimits limits) throws Exception {
        return new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()), poolSize, Duration.ofMillis(300),
                limits.statementTimeout());
    }

    /** True while the server's only pooled connection is taken. */
    private static boolean busy(SlowQueryServer server) {
        try {
            return Http.get(server.port(), "/connector/slow?work=0").statusCode() == 503;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
