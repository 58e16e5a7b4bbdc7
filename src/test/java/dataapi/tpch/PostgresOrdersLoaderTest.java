package dataapi.tpch;

import dataapi.Await;
import dataapi.TestData;
import dataapi.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TPC-H ORDERS loaded into a real PostgreSQL database: every row, the order on disk, the indexes, atomicity. */
class PostgresOrdersLoaderTest {
    @Test
    void everyRowEqualsTheGeneratorsLine() throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            new PostgresOrdersLoader(postgres.config(), 2, line -> { }).ensure(TestData.SCALE);

            try (Connection connection = postgres.connect()) {
                GeneratorLines.assertEveryRowIsTheGeneratorsLine(connection, TestData.SCALE);
            }
        }
    }

    @Test
    void theTableIsStoredByDateWithTheReportsIndexesAndLoadedOnce() throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            PostgresOrdersLoader loader = new PostgresOrdersLoader(postgres.config(), 2, line -> { });
            assertThat(loader.isComplete(TestData.SCALE)).isFalse();
            loader.ensure(TestData.SCALE);
            assertThat(loader.isComplete(TestData.SCALE)).isTrue();
            assertThat(loader.isComplete(ScaleFactor.parse("0.02"))).isFalse();

            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                // Physical order (ctid) never goes back in date.
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM (SELECT o_orderdate,"
                        + " lag(o_orderdate) OVER (ORDER BY ctid) AS previous FROM orders) t WHERE o_orderdate < previous")) {
                    rows.next();
                    assertThat(rows.getLong(1)).isZero();
                }
                List<String> indexes = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname")) {
                    while (rows.next()) {
                        indexes.add(rows.getString(1));
                    }
                }
                assertThat(indexes).anySatisfy(index -> assertThat(index).contains("(o_clerk, o_orderdate) INCLUDE (o_totalprice)"));
                assertThat(indexes).anySatisfy(index -> assertThat(index).contains("(o_orderdate) INCLUDE (o_custkey, o_totalprice)"));
                assertThat(indexes).anySatisfy(index -> assertThat(index).contains("UNIQUE").contains("(o_orderkey)"));

                Timestamp created = createdAt(statement);
                loader.ensure(TestData.SCALE);
                assertThat(createdAt(statement)).as("a complete load is not done again").isEqualTo(created);
            }
        }
    }

    @Test
    void anotherScaleReplacesTheDataInOneStep() throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            new PostgresOrdersLoader(postgres.config(), 2, line -> { }).ensure(ScaleFactor.parse("0.02"));
            PostgresOrdersLoader loader = new PostgresOrdersLoader(postgres.config(), 2, line -> { });
            loader.ensure(TestData.SCALE);
            assertThat(loader.isComplete(TestData.SCALE)).isTrue();
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM orders")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(15_000);
            }
        }
    }

    @Test
    void aLoadKilledWithSigkillLeavesNothingAndTheNextOneCompletes(@TempDir Path work) throws Exception {
        ScaleFactor scale = ScaleFactor.parse("0.5");
        Path temporaryFiles = Files.createDirectory(work.resolve("tmp"));
        try (TestPostgres postgres = new TestPostgres()) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + temporaryFiles, "-cp", System.getProperty("java.class.path"), "dataapi.Main", "generate", "--warehouse", "postgres",
                    "--scale", scale.toString(), "--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", TestPostgres.USER)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("generate.log").toFile());
            builder.environment().put("DATAAPI_JDBC_PASSWORD", TestPostgres.PASSWORD);
            Process generate = builder.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!copying(postgres) && System.nanoTime() < deadline && generate.isAlive()) {
                    Thread.sleep(20);
                }
                assertThat(copying(postgres)).as("the load reached COPY").isTrue();
            } finally {
                generate.destroyForcibly();
                generate.waitFor(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> left = Files.list(temporaryFiles)) {
                assertThat(left).as("files the killed load left in its temporary directory").isEmpty();
            }

            assertNothingLoaded(postgres);
            PostgresOrdersLoader loader = new PostgresOrdersLoader(postgres.config(), 2, line -> { });
            assertThat(loader.isComplete(scale)).isFalse();
            loader.ensure(TestData.SCALE);
            assertThat(loader.isComplete(TestData.SCALE)).isTrue();
        }
    }

    @Test
    void aSessionEndedDuringTheCopyFailsTheLoadAndLeavesNothing() throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            PostgresOrdersLoader loader = new PostgresOrdersLoader(postgres.config(), 2, line -> { });
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try {
                    loader.ensure(ScaleFactor.parse("0.5"));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Await.until(() -> copying(postgres) || load.isDone(), "the load reached COPY");
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND query LIKE 'COPY orders_copied%'");
            }

            // The parts write to the COPY by turns; whichever is reported names the first failure.
            assertThatThrownBy(load::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IOException.class)
                    .hasMessageStartingWith("copying ORDERS into PostgreSQL failed: ")
                    .hasMessageNotContaining("inactive copy operation");
            assertNothingLoaded(postgres);
            loader.ensure(TestData.SCALE);
            assertThat(loader.isComplete(TestData.SCALE)).isTrue();
        }
    }

    /** No table of the load's, and no completion record. */
    private static void assertNothingLoaded(TestPostgres postgres) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('orders'), to_regclass('orders_next'), to_regclass('dataapi_dataset')")) {
            rows.next();
            assertThat(rows.getString(1)).isNull();
            assertThat(rows.getString(2)).isNull();
            assertThat(rows.getString(3)).isNull();
        }
    }

    private static boolean copying(TestPostgres postgres) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND query LIKE 'COPY orders_copied%' AND state = 'active'")) {
            rows.next();
            return rows.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp createdAt(Statement statement) throws Exception {
        try (ResultSet rows = statement.executeQuery("SELECT created_at FROM dataapi_dataset")) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }
}
