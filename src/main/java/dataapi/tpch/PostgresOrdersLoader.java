package dataapi.tpch;

import dataapi.config.PostgresConfig;
import dataapi.warehouse.PostgresConnections;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Loads TPC-H ORDERS into a PostgreSQL database as table {@code orders}, from the same generator
 * as the embedded warehouse.
 *
 * <p>Everything happens in one transaction: COPY into a staging table {@code orders_next}, the
 * table rewritten in {@code o_orderdate} order (so that a date range reads few pages) with the
 * indexes the reports use, the swap with any earlier {@code orders}, and the completion record. PostgreSQL's DDL is
 * transactional, so readers see the old data or the new, never a part; a load that is killed
 * leaves nothing behind. An advisory lock keeps two loaders from racing.
 */
public final class PostgresOrdersLoader {
    private static final Logger log = LoggerFactory.getLogger(PostgresOrdersLoader.class);
    private static final String ORDERS = "orders";
    private static final String COLUMNS = "(o_orderkey BIGINT NOT NULL, o_custkey BIGINT NOT NULL, o_orderstatus CHAR(1) NOT NULL,"
            + " o_totalprice DECIMAL(15,2) NOT NULL, o_orderdate DATE NOT NULL, o_orderpriority VARCHAR(15) NOT NULL,"
            + " o_clerk VARCHAR(15) NOT NULL, o_shippriority INTEGER NOT NULL, o_comment VARCHAR(79) NOT NULL)";
    /** pg_advisory_lock key: "dataapi" in ASCII, so that it is recognisable in pg_locks. */
    private static final long LOCK_KEY = 0x64617461617069L;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final PostgresConfig config;
    private final int threads;
    private final Consumer<String> progressOut;

    public PostgresOrdersLoader(PostgresConfig config, int threads, Consumer<String> progressOut) {
        this.config = requireNonNull(config, "config is null");
        this.threads = Math.max(1, threads);
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    /** Loads ORDERS at {@code scale} unless the database already holds exactly that. */
    public void ensure(ScaleFactor scale) throws IOException, SQLException, InterruptedException {
        try (Connection connection = PostgresConnections.dataSource(config, CONNECT_TIMEOUT).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            if (isComplete(connection, scale)) {
                log.info("PostgreSQL already holds TPC-H ORDERS at scale factor {}", scale);
                return;
            }
            load(connection, scale);
        }
    }

    /** True when the database holds a finished load of {@code scale}. */
    public boolean isComplete(ScaleFactor scale) throws SQLException {
        try (Connection connection = PostgresConnections.dataSource(config, CONNECT_TIMEOUT).getConnection()) {
            return isComplete(connection, scale);
        }
    }

    private static boolean isComplete(Connection connection, ScaleFactor scale) throws SQLException {
        if (!tableExists(connection, DatasetRecord.TABLE) || !tableExists(connection, ORDERS)) {
            return false;
        }
        return DatasetRecord.isComplete(connection, ORDERS, scale);
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (var query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, table);
            try (var rows = query.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private void load(Connection connection, ScaleFactor scale) throws IOException, SQLException, InterruptedException {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("dataapi-tpch-" + scale.label() + "-");
        try {
            log.info("Generating TPC-H ORDERS at scale factor {} for PostgreSQL", scale);
            List<Path> parts = new OrdersTextWriter(scale, threads).write(work, progressOut);
            long generated = System.nanoTime();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS orders_next");
                statement.execute("CREATE TABLE orders_next " + COLUMNS);
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (Path part : parts) {
                    try (Reader in = Files.newBufferedReader(part, StandardCharsets.US_ASCII)) {
                        copy.copyIn("COPY orders_next FROM STDIN (FORMAT text, DELIMITER '|')", in);
                    }
                }
                progressOut.accept("ORDERS " + scale.label() + ": copied into PostgreSQL; sorting by date and indexing");
                // /customers/top10 filters on the date; /clerk/.../yearly_sales on the clerk and the date.
                // Both indexes cover what the report reads, so that an index-only scan answers it.
                statement.execute("CREATE INDEX orders_next_orderdate ON orders_next (o_orderdate) INCLUDE (o_custkey, o_totalprice)");
                // Rewrites the table in date order, so that a date range reads few pages.
                statement.execute("CLUSTER orders_next USING orders_next_orderdate");
                statement.execute("ALTER TABLE orders_next ADD CONSTRAINT orders_next_pkey PRIMARY KEY (o_orderkey)");
                statement.execute("CREATE INDEX orders_next_clerk_orderdate ON orders_next (o_clerk, o_orderdate) INCLUDE (o_totalprice)");
                statement.execute("DROP TABLE IF EXISTS " + ORDERS);
                statement.execute("ALTER TABLE orders_next RENAME TO " + ORDERS);
                statement.execute("ALTER INDEX orders_next_pkey RENAME TO orders_pkey");
                statement.execute("ALTER INDEX orders_next_orderdate RENAME TO orders_orderdate");
                statement.execute("ALTER INDEX orders_next_clerk_orderdate RENAME TO orders_clerk_orderdate");
                DatasetRecord.write(connection, scale);
                statement.execute("ANALYZE " + ORDERS);
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            try (Statement statement = connection.createStatement()) {
                // Outside the transaction (VACUUM cannot run in one): marks the pages all-visible, for index-only scans.
                statement.execute("VACUUM " + ORDERS);
            }
            log.info("Generated rows in {} ms, loaded them into PostgreSQL in {} ms; {} orders in all",
                    (generated - started) / 1_000_000, (System.nanoTime() - generated) / 1_000_000,
                    String.format(Locale.ROOT, "%,d", scale.orderCount()));
        } finally {
            EmbeddedTpch.deleteTree(work);
        }
    }
}
