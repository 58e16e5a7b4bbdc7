package dataapi.tpch;

import dataapi.ErrorText;
import dataapi.report.ClerkMonthlySalesTable;
import dataapi.report.OrdersByCustomerTable;
import dataapi.report.OrdersWindowTotalsTable;
import dataapi.warehouse.DuckDbConnections;
import dataapi.warehouse.DuckDbLibrary;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The embedded TPC-H warehouse: one DuckDB file per scale factor under the data directory.
 *
 * <p>A file is built in a private working directory and only renamed to its final name once
 * it is complete and on disk, so an interrupted run (kill -9 included) never leaves a file that
 * a later start takes as complete. The file also records what it holds, which is checked on open.
 */
public final class EmbeddedTpch {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedTpch.class);
    private static final long DUCKDB_HEADERS_BYTES = 3 * 4096;

    /**
     * ORDERS as dbgen defines it, lower case as TPC-H's DDL writes it, each column with the
     * compression DuckDB chooses for it at every scale factor. Named, it spares DuckDB trying every
     * method on every row group: ORDERS then loads in a fifth less time at scale factor 10, the
     * file the same (bench/RESULTS.md). o_clerk's is left to DuckDB, which keeps a dictionary of
     * scale factor 1's thousand clerks and mostly FSST for scale factor 10's ten thousand; and
     * o_shippriority's, always 0, which DuckDB stores as a constant.
     */
    static final List<OrdersColumn> ORDERS_COLUMNS = List.of(
            new OrdersColumn("o_orderkey", "BIGINT", "bitpacking"),
            new OrdersColumn("o_custkey", "BIGINT", "bitpacking"),
            new OrdersColumn("o_orderstatus", "VARCHAR", "dictionary"),
            new OrdersColumn("o_totalprice", "DECIMAL(15,2)", "bitpacking"),
            new OrdersColumn("o_orderdate", "DATE", "bitpacking"),
            new OrdersColumn("o_orderpriority", "VARCHAR", "dictionary"),
            new OrdersColumn("o_clerk", "VARCHAR", null),
            new OrdersColumn("o_shippriority", "INTEGER", null),
            new OrdersColumn("o_comment", "VARCHAR", "fsst"));

    /** A column of ORDERS, with the compression DuckDB is to store it with, or null to leave that to DuckDB. */
    record OrdersColumn(String name, String type, String compression) {
        String definition() {
            return name + " " + type + (compression == null ? "" : " USING COMPRESSION " + compression);
        }

        /** As read_csv's {@code columns} entry. */
        String readAs() {
            return "'" + name + "': '" + type + "'";
        }
    }

    private static final String WORK_PREFIX = ".generating-";

    private final Path dataDir;
    private final int threads;
    private final Consumer<String> progressOut;

    /** @throws IllegalStateException when DuckDB's native library is missing, told before any row is generated */
    public EmbeddedTpch(Path dataDir, int threads, Consumer<String> progressOut) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null").toAbsolutePath();
        this.threads = Math.max(1, threads);
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
        DuckDbLibrary.requireInstalled();
    }

    public Path databaseFile(ScaleFactor scale) {
        return dataDir.resolve("tpch-" + scale.label() + ".duckdb");
    }

    /** Returns the complete database file for {@code scale}, generating it first when there is none. */
    public Path ensure(ScaleFactor scale) throws IOException, SQLException, InterruptedException {
        Optional<Path> complete = complete(scale);
        return complete.isPresent() ? complete.get() : generateUnlessDone(scale);
    }

    /**
     * The database file for {@code scale} when it is complete, or nothing when {@link #ensure} would
     * generate it; cheap, since it only reads the file's record and size.
     *
     * @throws DatabaseLockedException as {@link #reasonToGenerate}
     * @throws IOException as {@link #reasonToGenerate}
     */
    public Optional<Path> complete(ScaleFactor scale) throws IOException {
        Path file = databaseFile(scale);
        if (reasonToGenerateHere(file, scale).isPresent()) {
            return Optional.empty();
        }
        removeAbandonedWorkWhenIdle();
        return Optional.of(file);
    }

    /**
     * Generates the file for {@code scale} under the data directory's lock, unless it is complete once
     * the lock is taken (another process generated it meanwhile): for a caller that has found it
     * incomplete with {@link #complete}.
     */
    Path generateUnlessDone(ScaleFactor scale) throws IOException, SQLException, InterruptedException {
        Path file = databaseFile(scale);
        Files.createDirectories(dataDir);
        // One generator at a time per data directory; a second process waits, then finds the file done.
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            Optional<String> reason = reasonToGenerateHere(file, scale);
            if (reason.isEmpty()) {
                return file;
            }
            if (Files.exists(file)) {
                log.warn("Replacing {}: {}", file, reason.get());
            }
            removeAbandonedWork();
            generate(scale, file);
            return file;
        }
    }

    /**
     * As {@link #reasonToGenerate}, and throws when the data cannot be generated here, before any
     * work starts.
     */
    private Optional<String> reasonToGenerateHere(Path file, ScaleFactor scale) throws IOException {
        Optional<String> reason = reasonToGenerate(file, scale);
        if (reason.isPresent() && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IOException(dataDir + " is not a directory, so the data cannot be written in it");
        }
        if (reason.isPresent() && Files.isSymbolicLink(file)) {
            // A new file would replace the link, and the data would leave the storage it points to
            // (which may only be not mounted yet).
            throw new IOException(file + " is a link to " + Files.readSymbolicLink(file) + ", and " + reason.get()
                    + "; the link is left as it is (remove it to generate the data here)");
        }
        return reason;
    }

    /**
     * Why {@code file} must be generated, or nothing when it is a finished database for {@code scale}:
     * there is no file, it is not a DuckDB database, or it holds no complete load of {@code scale} in
     * this layout. Any other failure to read it, such as an I/O error, throws: a passing fault must
     * not make a start replace the data, which at scale factor 10 takes minutes and more memory than
     * the container has.
     *
     * @throws DatabaseLockedException when the file is open with other settings, in another process
     *                                 or in this one: busy, not damaged
     * @throws IOException when the file cannot be read, and is left as it is
     */
    public static Optional<String> reasonToGenerate(Path file, ScaleFactor scale) throws IOException {
        if (!Files.isRegularFile(file)) {
            // Said now: generating first would take minutes at scale factor 10, and then fail on it.
            if (Files.exists(file)) {
                throw new IOException(file + " is not a file, so the data cannot be written there: move it away");
            }
            return Optional.of(Files.isSymbolicLink(file) ? "the file it links to does not exist" : "there is none");
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DuckDbConnections.connect(file, readOnly)) {
            try {
                if (!holds(connection, scale)) {
                    return Optional.of("it holds no complete load of scale factor " + scale + " in this layout");
                }
                requireWhole(connection, file);
                return Optional.empty();
            } catch (SQLException e) {
                // A record from before one of its columns (an earlier layout) is not damage: DuckDB cannot bind the query.
                if (String.valueOf(e.getMessage()).startsWith("Binder Error")) {
                    return Optional.of("it holds an earlier layout (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
                throw e;
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Could not set lock on file") || message.contains("different configuration than existing connections")) {
                throw new DatabaseLockedException(file, e);
            }
            if (message.contains("not a valid DuckDB database file")) {
                return Optional.of("it is not a DuckDB database");
            }
            throw new IOException("cannot read the DuckDB file " + file + ", which is left as it is (remove it to generate it again): "
                    + message, e);
        }
    }

    /**
     * Fails when {@code file} is shorter than its header says: a copy cut short reads as complete
     * until a query reaches a block that is not there. A DuckDB file is three 4 KiB headers, then
     * its blocks.
     */
    private static void requireWhole(Connection connection, Path file) throws SQLException, IOException {
        try (Statement statement = connection.createStatement();
             ResultSet size = statement.executeQuery("SELECT block_size, total_blocks FROM pragma_database_size()")) {
            size.next();
            long expected = DUCKDB_HEADERS_BYTES + size.getLong(1) * size.getLong(2);
            long actual = Files.size(file);
            if (actual < expected) {
                throw new IOException("the DuckDB file " + file + " is cut short: " + actual + " bytes, where its header counts "
                        + expected + "; it is left as it is (remove it to generate it again)");
            }
        }
    }

    /** True when the open database holds a finished load of {@code scale}. */
    public static boolean holds(Connection connection, ScaleFactor scale) throws SQLException {
        return DatasetRecord.isComplete(connection, "orders", scale, DatasetRecord.Layout.DUCKDB);
    }

    /**
     * The database file exists but is in use: locked by another process, or open in this one with
     * other settings. It can be neither checked nor replaced now.
     */
    public static final class DatabaseLockedException extends IOException {
        DatabaseLockedException(Path file, SQLException cause) {
            super("the DuckDB file " + file + " is in use: " + cause.getMessage(), cause);
        }
    }

    private void generate(ScaleFactor scale, Path target) throws IOException, SQLException, InterruptedException {
        long started = System.nanoTime();
        Path work = Files.createDirectory(dataDir.resolve(WORK_PREFIX + scale.label() + "-" + ProcessHandle.current().pid()));
        try {
            log.info("Generating TPC-H ORDERS at scale factor {} into {}", scale, target);
            List<Path> parts = new OrdersTextWriter(scale, threads).write(work, progressOut);
            long generated = System.nanoTime();
            Path database = work.resolve(target.getFileName());
            load(parts, database, scale, work);
            log.info("Generated rows in {} ms, loaded them into DuckDB in {} ms",
                    (generated - started) / 1_000_000, (System.nanoTime() - generated) / 1_000_000);
            force(database);
            Files.move(database, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(dataDir);
            log.info("Generated {} orders in {} ms", String.format(Locale.ROOT, "%,d", scale.orderCount()),
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            deleteTree(work);
        }
    }

    private void load(List<Path> parts, Path database, ScaleFactor scale, Path work) throws SQLException {
        String files = parts.stream().map(path -> "'" + path.toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        try (DuckDBConnection connection = DuckDbConnections.connect(database, new Properties());
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + threads);
            statement.execute("SET temp_directory = '" + work.toString().replace("'", "''") + "'");
            // The files come in order-date order, and keeping that order stores ORDERS clustered by
            // o_orderdate: the reports filter on it, and DuckDB's zone maps then skip every row group
            // outside the range.
            statement.execute("SET preserve_insertion_order = true");
            statement.execute(ORDERS_COLUMNS.stream().map(OrdersColumn::definition)
                    .collect(Collectors.joining(", ", "CREATE TABLE orders (", ")")));
            // Each table's time is logged: where a slow load goes, without a profiler.
            StringJoiner times = new StringJoiner(", ", "Loaded ", "");
            times.add(timed(statement, "orders", "INSERT INTO orders SELECT * FROM read_csv(" + files + ", columns = "
                    + ORDERS_COLUMNS.stream().map(OrdersColumn::readAs).collect(Collectors.joining(", ", "{", "}"))
                    + ", delim = '|', header = false, quote = '', escape = '', auto_detect = false)"));
            times.add(created(statement, ClerkMonthlySalesTable.NAME, ClerkMonthlySalesTable.DEFINITION));
            times.add(created(statement, OrdersWindowTotalsTable.NAME, OrdersWindowTotalsTable.DEFINITION));
            times.add(created(statement, OrdersWindowTotalsTable.LEADERS_NAME, OrdersWindowTotalsTable.LEADERS_DEFINITION));
            times.add(created(statement, OrdersByCustomerTable.NAME, OrdersByCustomerTable.DEFINITION));
            DatasetRecord.write(connection, scale, DatasetRecord.Layout.DUCKDB);
            times.add(timed(statement, "the checkpoint", "CHECKPOINT"));
            log.info("{}", times);
        }
    }

    /** Creates the table {@code name} as {@code definition}, and says how long it took. */
    private static String created(Statement statement, String name, String definition) throws SQLException {
        return timed(statement, name, "CREATE TABLE " + name + " AS " + definition);
    }

    /** Runs {@code sql}, and says how long it took to make {@code what}: "orders in 1,234 ms". */
    private static String timed(Statement statement, String what, String sql) throws SQLException {
        long started = System.nanoTime();
        statement.execute(sql);
        return String.format(Locale.ROOT, "%s in %,d ms", what, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Removes what interrupted generations left (hundreds of MB at scale factor 10) when no
     * generation holds the lock, so that it goes even when no generation follows. A data
     * directory that is read-only, or busy, keeps it: the data is complete, and serving it matters more.
     */
    private void removeAbandonedWorkWhenIdle() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir, WORK_PREFIX + "*")) {
            if (!entries.iterator().hasNext()) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock != null) {
                removeAbandonedWork();
            }
        } catch (OverlappingFileLockException e) {
            // This process is generating here (another server of it, say): busy.
        } catch (IOException e) {
            log.warn("Cannot remove the remains of an interrupted generation in {}: {}", dataDir, ErrorText.reason(e));
        }
    }

    private void removeAbandonedWork() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir, WORK_PREFIX + "*")) {
            for (Path entry : entries) {
                log.info("Removing the remains of an interrupted generation: {}", entry);
                deleteTree(entry);
            }
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
