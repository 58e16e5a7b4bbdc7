package dataapi.tpch;

import dataapi.config.PostgresConfig;
import dataapi.warehouse.PostgresConnections;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Loads TPC-H ORDERS into a PostgreSQL database as table {@code orders}, from the same generator
 * as the embedded warehouse.
 *
 * <p>Everything happens in one transaction: COPY into a temporary table, fed while the rows are
 * generated, the rows written from it in {@code o_orderdate} order (so that a date range reads few
 * pages) into {@code orders_next}, the indexes the reports use, the swap with any earlier
 * {@code orders}, and the completion record. PostgreSQL's DDL is transactional, so readers see
 * the old data or the new, never a part; a load that is killed leaves nothing behind, in the
 * database or on disk (the rows go straight into the COPY). An advisory lock keeps two loaders
 * from racing.
 */
public final class PostgresOrdersLoader {
    private static final Logger log = LoggerFactory.getLogger(PostgresOrdersLoader.class);
    private static final String ORDERS = "orders";
    private static final String COPIED = "orders_copied";
    /** ORDERS's columns and their types, none of them nullable. */
    private static final List<Map.Entry<String, String>> COLUMNS = List.of(Map.entry("o_orderkey", "BIGINT"),
            Map.entry("o_custkey", "BIGINT"), Map.entry("o_orderstatus", "CHAR(1)"), Map.entry("o_totalprice", "DECIMAL(15,2)"),
            Map.entry("o_orderdate", "DATE"), Map.entry("o_orderpriority", "VARCHAR(15)"), Map.entry("o_clerk", "VARCHAR(15)"),
            Map.entry("o_shippriority", "INTEGER"), Map.entry("o_comment", "VARCHAR(79)"));
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
            if (DatasetRecord.isComplete(connection, ORDERS, scale, DatasetRecord.Layout.POSTGRES)) {
                log.info("PostgreSQL already holds TPC-H ORDERS at scale factor {}", scale);
                return;
            }
            load(connection, scale);
        }
    }

    /** True when the database holds a finished load of {@code scale}. */
    public boolean isComplete(ScaleFactor scale) throws SQLException {
        try (Connection connection = PostgresConnections.dataSource(config, CONNECT_TIMEOUT).getConnection()) {
            return DatasetRecord.isComplete(connection, ORDERS, scale, DatasetRecord.Layout.POSTGRES);
        }
    }

    private void load(Connection connection, ScaleFactor scale) throws IOException, SQLException, InterruptedException {
        long started = System.nanoTime();
        log.info("Generating TPC-H ORDERS at scale factor {} into PostgreSQL", scale);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // The rows come in the order the generator's parts finish them; a temporary table takes them
            // (no WAL, gone with the transaction), and orders_next is written from it in date order, so
            // that a date range reads few pages: a third of the time of CLUSTER on the copied rows.
            // CREATE TABLE AS stores the rows in the order given (INSERT ... SELECT does not, quite).
            statement.execute("CREATE TEMPORARY TABLE " + COPIED + " (" + COLUMNS.stream()
                    .map(column -> column.getKey() + " " + column.getValue() + " NOT NULL").collect(Collectors.joining(", ")) + ")");
            copyOrders(connection, scale);
            long copied = System.nanoTime();
            progressOut.accept("ORDERS " + scale.label() + ": copied into PostgreSQL; sorting by date and indexing");
            statement.execute("DROP TABLE IF EXISTS orders_next");
            statement.execute("CREATE TABLE orders_next AS SELECT * FROM " + COPIED + " ORDER BY o_orderdate");
            statement.execute("DROP TABLE " + COPIED);
            statement.execute("ALTER TABLE orders_next " + COLUMNS.stream()
                    .map(column -> "ALTER " + column.getKey() + " SET NOT NULL").collect(Collectors.joining(", ")));
            // /customers/top10 filters on the date; /clerk/.../yearly_sales on the clerk and the date.
            // Both indexes cover what the report reads, so that an index-only scan answers it.
            statement.execute("CREATE INDEX orders_next_orderdate ON orders_next (o_orderdate) INCLUDE (o_custkey, o_totalprice)");
            statement.execute("ALTER TABLE orders_next ADD CONSTRAINT orders_next_pkey PRIMARY KEY (o_orderkey)");
            statement.execute("CREATE INDEX orders_next_clerk_orderdate ON orders_next (o_clerk, o_orderdate) INCLUDE (o_totalprice)");
            statement.execute("DROP TABLE IF EXISTS " + ORDERS);
            statement.execute("ALTER TABLE orders_next RENAME TO " + ORDERS);
            statement.execute("ALTER INDEX orders_next_pkey RENAME TO orders_pkey");
            statement.execute("ALTER INDEX orders_next_orderdate RENAME TO orders_orderdate");
            statement.execute("ALTER INDEX orders_next_clerk_orderdate RENAME TO orders_clerk_orderdate");
            DatasetRecord.write(connection, scale, DatasetRecord.Layout.POSTGRES);
            statement.execute("ANALYZE " + ORDERS);
            connection.commit();
            log.info("Generated and copied rows in {} ms, sorted and indexed them in {} ms",
                    (copied - started) / 1_000_000, (System.nanoTime() - copied) / 1_000_000);
        } catch (SQLException | IOException | InterruptedException | RuntimeException e) {
            // The session may be gone (the cause itself); the transaction then ended with it.
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            // Outside the transaction (VACUUM cannot run in one): marks the pages all-visible, for index-only scans.
            statement.execute("VACUUM " + ORDERS);
        }
        log.info("Loaded {} orders into PostgreSQL in {} ms", String.format(Locale.ROOT, "%,d", scale.orderCount()),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Generates the rows straight into a COPY: no file on the way, so a load that is killed leaves none. */
    private void copyOrders(Connection connection, ScaleFactor scale) throws IOException, SQLException, InterruptedException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + COPIED + " FROM STDIN (FORMAT text, DELIMITER '|')");
        try {
            new OrdersTextWriter(scale, threads).stream(new CopyStream(copy), progressOut);
            copy.endCopy();
        } catch (IOException | SQLException | InterruptedException | RuntimeException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }

    /** A COPY as a stream; each write goes to the server as it is. */
    private static final class CopyStream extends OutputStream {
        private final CopyIn copy;

        CopyStream(CopyIn copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                copy.writeToCopy(bytes, offset, length);
            } catch (SQLException e) {
                throw new IOException("copying ORDERS into PostgreSQL failed: " + e.getMessage(), e);
            }
        }
    }
}
