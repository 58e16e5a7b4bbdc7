package dataapi;

import dataapi.tpch.EmbeddedTpch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real {@code dataapi serve} process stopped with SIGTERM, and killed with SIGKILL while serving. */
class ShutdownTest {
    private static final String TOP10 = "/connector/customers/top10?start_range=1995-01-01&end_range=1995-03-31";

    @Test
    void sigtermLetsTheRequestInFlightFinishRefusesNewOnesAndClosesThePool(@TempDir Path work) throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            postgres.loadOrders();
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                // Every report now takes two seconds, so that one is in flight when the stop comes.
                statement.execute("ALTER TABLE orders RENAME TO orders_data");
                statement.execute("CREATE VIEW orders AS SELECT o.* FROM orders_data o, (SELECT pg_sleep(2)) s");
            }
            int port = freePort();
            ProcessBuilder builder = serve(work, port, "--warehouse", "postgres", "--jdbc-url", postgres.jdbcUrl(),
                    "--jdbc-user", TestPostgres.USER, "--shutdown-grace", "20s");
            builder.environment().put("DATAAPI_JDBC_PASSWORD", TestPostgres.PASSWORD);
            Process server = builder.start();
            try {
                awaitAnswering(server, port);
                CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> get(port, TOP10));
                Await.until(() -> sessions(postgres, "active") == 1, "the report runs in PostgreSQL");

                server.destroy();
                Await.until(() -> refused(port), "new connections are refused once stopping");
                HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                OrdersOracle oracle = new OrdersOracle(TestData.SCALE.asDouble());
                assertThat(answer.body()).isEqualTo(OrdersOracle.json(oracle.top10(LocalDate.parse("1995-01-01"), LocalDate.parse("1995-03-31"))));

                assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits").isTrue();
                assertThat(server.exitValue()).isIn(0, 143);
                Await.until(() -> sessions(postgres, null) == 0, "the pool's connections are closed");
                assertThat(Files.readString(work.resolve("serve.log"))).doesNotContain("Exception", "ERROR");
            } finally {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermClosesTheDuckDbFileAndSigkillUnderLoadNeverDamagesIt(@TempDir Path work) throws Exception {
        Path dataDir = Files.createDirectory(work.resolve("data"));
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        Files.copy(TestData.database(), file);
        long modified = Files.getLastModifiedTime(file).toMillis();

        int port = freePort();
        Process server = serve(work, port, "--data-dir", dataDir.toString()).start();
        try {
            awaitAnswering(server, port);
            assertThat(get(port, TOP10).statusCode()).isEqualTo(200);
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
        // Closed cleanly: no lock is left and a writer can open it.
        try (Connection writer = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(writer.isValid(1)).isTrue();
        }

        server = serve(work, port, "--data-dir", dataDir.toString()).start();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        try {
            awaitAnswering(server, port);
            for (int i = 0; i < 4; i++) {
                clients.add(CompletableFuture.runAsync(() -> {
                    while (loading.get()) {
                        try {
                            Http.get(port, TOP10);
                        } catch (Exception e) {
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(1_000);
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            loading.set(false);
            server.destroyForcibly();
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(EmbeddedTpch.reasonToGenerate(file, TestData.SCALE)).isEmpty();
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("served, never written").isEqualTo(modified);
        try (Connection reader = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = reader.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM orders")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(TestData.SCALE.orderCount());
        }
    }

    private static ProcessBuilder serve(Path work, int port, String... flags) {
        // Its temporary files (DuckDB's native library among them, which a killed JVM leaves) stay in the test's directory.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + work, "-cp", System.getProperty("java.class.path"), "dataapi.Main", "serve", "--port", Integer.toString(port),
                "--scale", TestData.SCALE.toString(), "--threads", "2"));
        command.addAll(List.of(flags));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("serve.log").toFile());
    }

    private static void awaitAnswering(Process server, int port) throws InterruptedException {
        Await.until(() -> {
            assertThat(server.isAlive()).as("the server runs").isTrue();
            try {
                return Http.get(port, "/healthz").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, "the server answers");
    }

    private static boolean refused(int port) {
        try {
            Http.get(port, "/healthz");
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int sessions(TestPostgres postgres, String state) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND application_name = 'dataapi'" + (state == null ? "" : " AND state = '" + state + "'"))) {
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return Http.get(port, path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
