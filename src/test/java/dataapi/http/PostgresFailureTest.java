package dataapi.http;

import dataapi.Await;
import dataapi.Http;
import dataapi.RawHttp;
import dataapi.SlowQuery;
import dataapi.TestPostgres;
import dataapi.config.RequestLimits;
import dataapi.warehouse.PostgresConnections;
import dataapi.warehouse.Warehouse;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow queries on a real PostgreSQL: the statement timeout, a saturated pool, a client that goes
 * away and too many requests at once, each checked in PostgreSQL's own view of what runs
 * (pg_stat_activity), not only in the HTTP answer.
 */
class PostgresFailureTest {
    private static TestPostgres postgres;

    @BeforeAll
    static void createDatabase() throws Exception {
        postgres = new TestPostgres();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        postgres.close();
    }

    @Test
    void aQueryPastTheStatementTimeoutIsCancelledInPostgresAnd504AndNotRetried() throws Exception {
        try (SlowQueryServer server = server(4, Duration.ofSeconds(5), new RequestLimits(Duration.ofSeconds(1), 4, 8, Duration.ofSeconds(5)))) {
            for (String family : List.of("/connector", "/snowpark")) {
                Set<String> runs = new HashSet<>();
                CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> get(server, family + "/slow?work=60"));
                while (!answer.isDone()) {
                    runs.addAll(slowQueryRuns());
                    Thread.sleep(50);
                }
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).isEqualTo("{\"error\":\"The query took too long and was cancelled.\"}");
                assertThat(runs).as("one run of the query, never retried").hasSize(1);
                Await.until(() -> slowQueryRuns().isEmpty(), "the query is gone from PostgreSQL");
            }
        }
    }

    /**
     * A server that stops answering, its backend frozen (as a host that hangs, or one cut off): the cancel sent
     * at the statement timeout cannot end the query, and the connection gives up waiting soon after, where it
     * waited for TCP's keepalive, about two hours, holding its pool connection. The pool's only connection is the
     * one lost, and the next query gets a new one, not the lost one handed back.
     */
    @Test
    void aQueryOnAServerThatStopsAnsweringEndsSoonAfterTheStatementTimeout() throws Exception {
        try (SlowQueryServer server = server(1, Duration.ofSeconds(5), new RequestLimits(Duration.ofSeconds(1), 4, 8, Duration.ofSeconds(5)))) {
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> get(server, "/connector/slow?work=60"));
            Await.until(() -> slowQueryRuns().size() == 1, "the query runs");
            String backend = slowQueryRuns().iterator().next().split("@")[0];
            signal("STOP", backend);
            try {
                HttpResponse<String> response = answer.get(1 + PostgresConnections.CANCEL_WAIT.toSeconds() + 15, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).isEqualTo("{\"error\":\"The query took too long and was cancelled.\"}");
                assertThat(get(server, "/connector/slow?work=0").statusCode()).isEqualTo(200);
            } finally {
                signal("CONT", backend);
            }
            Await.until(() -> slowQueryRuns().isEmpty(), "the query is gone from PostgreSQL");
        }
    }

    /** Sends a PostgreSQL backend on this machine a signal, as its host's operating system would stop or resume it. */
    private static void signal(String signal, String pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, pid).isZero();
    }

    @Test
    void aSaturatedPoolIs503WithRetryAfterWhileHealthzAnswers() throws Exception {
        try (SlowQueryServer server = server(1, Duration.ofMillis(300), RequestLimits.DEFAULTS)) {
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> get(server, "/connector/slow?work=3"));
            Await.until(() -> slowQueryRuns().size() == 1, "the slow query holds the only connection");

            HttpResponse<String> refused = Http.get(server.port(), "/snowpark/slow?work=0");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.body()).isEqualTo("{\"error\":\"The warehouse is unavailable or busy. Retry later.\"}");
            HttpResponse<String> health = Http.get(server.port(), "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"alive\"}");

            assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(Http.get(server.port(), "/snowpark/slow?work=0").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenTheClientGoesAwayItsQueryIsCancelledInPostgres() throws Exception {
        try (SlowQueryServer server = server(4, Duration.ofSeconds(5), RequestLimits.DEFAULTS)) {
            for (String family : List.of("/connector", "/snowpark")) {
                try (RawHttp request = RawHttp.get("127.0.0.1", server.port(), family + "/slow?work=60")) {
                    Await.until(() -> slowQueryRuns().size() == 1, "the query runs");
                }
                Await.until(() -> slowQueryRuns().isEmpty(), "the query is cancelled once the client has gone");
            }
            assertThat(Http.get(server.port(), "/connector/slow?work=0").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenTheClientGoesAwayWhileWaitingForAConnectionItsPlaceIsFreedAtOnce() throws Exception {
        try (SlowQueryServer server = server(1, Duration.ofSeconds(20), new RequestLimits(Duration.ofSeconds(30), 1, 8, Duration.ofSeconds(5)))) {
            try (RawHttp holder = RawHttp.get("127.0.0.4", server.port(), "/connector/slow?work=4")) {
                Await.until(() -> slowQueryRuns().size() == 1, "the slow query holds the only connection");
                RawHttp waiting = RawHttp.get("127.0.0.5", server.port(), "/connector/slow?work=0");
                Thread.sleep(300);
                try (RawHttp again = RawHttp.get("127.0.0.5", server.port(), "/connector/slow?work=0")) {
                    assertThat(again.response().status()).as("the waiting request holds the caller's only place").isEqualTo(429);
                }
                waiting.close();
                long hungUp = System.nanoTime();
                int status;
                do {
                    try (RawHttp next = RawHttp.get("127.0.0.5", server.port(), "/connector/slow?work=0")) {
                        status = next.response().status();
                    }
                } while (status == 429 && System.nanoTime() - hungUp < TimeUnit.SECONDS.toNanos(3));
                assertThat(status).as("admitted long before the 20 s pool wait would end").isEqualTo(200);
                assertThat(holder.response().status()).isEqualTo(200);
            }
        }
    }

    @Test
    void requestsOverTheLimitPerCallerOrInAllAre429WithRetryAfter() throws Exception {
        try (SlowQueryServer server = server(4, Duration.ofSeconds(5), new RequestLimits(Duration.ofSeconds(30), 1, 2, Duration.ofSeconds(5)))) {
            List<RawHttp> running = new ArrayList<>();
            try {
                running.add(RawHttp.get("127.0.0.2", server.port(), "/connector/slow?work=3"));
                Await.until(() -> slowQueryRuns().size() == 1, "the first caller's query runs");

                try (RawHttp again = RawHttp.get("127.0.0.2", server.port(), "/snowpark/slow?work=0")) {
                    RawHttp.Response response = again.response();
                    assertThat(response.status()).isEqualTo(429);
                    assertThat(response.header("Retry-After")).isEqualTo("1");
                    assertThat(response.body()).isEqualTo("{\"error\":\"You have 1 request running, the limit per caller. Retry later.\"}");
                }
                running.add(RawHttp.get("127.0.0.3", server.port(), "/connector/slow?work=3"));
                Await.until(() -> slowQueryRuns().size() == 2, "another caller is admitted");
                try (RawHttp third = RawHttp.get("127.0.0.4", server.port(), "/connector/slow?work=0")) {
                    RawHttp.Response response = third.response();
                    assertThat(response.status()).isEqualTo(429);
                    assertThat(response.header("Retry-After")).isEqualTo("1");
                    assertThat(response.body()).isEqualTo("{\"error\":\"The server is running 2 requests, its limit. Retry later.\"}");
                }
                assertThat(Http.get(server.port(), "/healthz").statusCode()).isEqualTo(200);
                for (RawHttp request : running) {
                    assertThat(request.response().status()).isEqualTo(200);
                }
            } finally {
                for (RawHttp request : running) {
                    request.close();
                }
            }
            try (RawHttp after = RawHttp.get("127.0.0.2", server.port(), "/connector/slow?work=0")) {
                assertThat(after.response().status()).as("places are given back").isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SlowQueryServer.Waiting.class)
    void moreQueriesThanJettyHasThreadsForComputingLeaveThreadsForOtherRequests(SlowQueryServer.Waiting waiting) throws Exception {
        // More than Jetty's threads where waits leave them: 24 on two cores, and within PostgreSQL's
        // default 100 connections up to eleven cores.
        int queries = LongWork.computingThreads() + 8;
        assertThat(queries).as("slow queries that the test's PostgreSQL can run at once").isLessThan(100);
        // The pool opens its connections as it starts, one at a time, 30 ms apart: alone that takes about a
        // second, but on a busy machine 24 of them took more than 5 s, once more than 12 s. The queries sleep
        // longer than the pool may take to fill, so the first still run when the last starts; closing the
        // requests cancels them, so a quick machine does not wait for them.
        Duration poolFill = Duration.ofSeconds(90);
        Duration work = poolFill.plusSeconds(30);
        RequestLimits limits = new RequestLimits(work.plusSeconds(30), queries, queries, Duration.ofSeconds(5));
        try (SlowQueryServer server = server(queries, poolFill, limits, waiting)) {
            List<RawHttp> running = new ArrayList<>();
            try {
                for (int i = 0; i < queries; i++) {
                    running.add(RawHttp.get("127.0.0.2", server.port(), "/connector/slow?work=" + work.toSeconds()));
                }
                Await.until(() -> slowQueryRuns().size() == queries, () -> "every query runs in PostgreSQL at once (" + slowQueryRuns().size()
                        + " of " + queries + " running)", poolFill);
                assertThat(Http.get(server.port(), "/healthz").statusCode()).isEqualTo(200);
                assertThat(Http.get(server.port(), "/openapi.json").statusCode()).isEqualTo(200);
                assertThat(slowQueryRuns()).as("answered while every query was still running").hasSize(queries);
            } finally {
                for (RawHttp request : running) {
                    request.close();
                }
            }
            Await.until(() -> slowQueryRuns().isEmpty(), "the queries are cancelled once their clients have gone");
        }
    }

    /** The distinct runs (backend and start time) of the slow query now active in the test database. */
    private static Set<String> slowQueryRuns() {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid, query_start FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND state = 'active' AND application_name = '" + PostgresConnections.APPLICATION_NAME + "'"
                     + " AND query LIKE '%" + SlowQuery.MARKER + "%'")) {
            Set<String> runs = new HashSet<>();
            while (rows.next()) {
                runs.add(rows.getInt(1) + "@" + rows.getTimestamp(2));
            }
            return runs;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(SlowQueryServer server, String path) {
        try {
            return Http.get(server.port(), path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reports and {@link SlowQuery} over the test database, served as on this JVM, once its pool has a connection. */
    private static SlowQueryServer server(int poolSize, Duration poolWait, RequestLimits limits) throws InterruptedException {
        return started(new SlowQueryServer(warehouse(poolSize, poolWait, limits), SlowQuery.postgres(), limits));
    }

    /** As above, with waits for the warehouse where {@code waiting} says. */
    private static SlowQueryServer server(int poolSize, Duration poolWait, RequestLimits limits, SlowQueryServer.Waiting waiting)
            throws InterruptedException {
        return started(new SlowQueryServer(warehouse(poolSize, poolWait, limits), SlowQuery.postgres(), limits, waiting));
    }

    private static Warehouse warehouse(int poolSize, Duration poolWait, RequestLimits limits) {
        return new Warehouse("test", SQLDialect.POSTGRES, PostgresConnections.forQueries(postgres.config(), poolWait, limits.statementTimeout()),
                poolSize, poolWait, limits.statementTimeout());
    }

    private static SlowQueryServer started(SlowQueryServer server) throws InterruptedException {
        // The pool opens its first connection in the background; a short pool wait may not cover it.
        Await.until(() -> get(server, "/connector/slow?work=0").statusCode() == 200, "the pool has a connection");
        return server;
    }
}
