package dataapi.warehouse;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Connections to one embedded DuckDB file. DuckDB runs in this process, so every connection is a
 * duplicate of one root connection: they share one database instance and its buffer pool.
 *
 * <p>The root is opened on first use and again after a failure, so that a file that is locked by
 * another process, or missing, makes connections fail (SQLSTATE 08001, the warehouse is
 * unreachable) until it is free or back, with no restart. A file removed while open stays readable
 * through the open database, but no new connection is handed out until the file is back.
 */
public final class DuckDbConnections extends UnpooledDataSource implements AutoCloseable {
    private static final String UNREACHABLE = "08001";

    private final Path file;
    private final Properties properties;
    private final OpenCheck check;
    private DuckDBConnection root;
    private boolean closed;

    /** What the file must hold to be served, checked each time it is opened. */
    @FunctionalInterface
    public interface OpenCheck {
        boolean accepts(Connection connection) throws SQLException;
    }

    private DuckDbConnections(Path file, Properties properties, OpenCheck check) {
        this.file = file;
        this.properties = properties;
        this.check = check;
    }

    /**
     * Opens {@code file} read-only, on first use, serving it only once {@code check} accepts it.
     *
     * @param memoryLimit DuckDB's buffer pool limit, e.g. {@code 64MB}
     * @param threads the threads DuckDB may use for one query
     */
    public static DuckDbConnections openReadOnly(Path file, String memoryLimit, int threads, OpenCheck check) {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        properties.setProperty("memory_limit", memoryLimit);
        properties.setProperty("threads", Integer.toString(threads));
        // Serving runs declared endpoints' SQL: it may read this database and nothing else on the
        // machine (no files, other databases or extensions), and cannot turn that back on. Without
        // the last two, a function from an extension would make DuckDB download and install it.
        properties.setProperty("enable_external_access", "false");
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        return new DuckDbConnections(file, properties, requireNonNull(check, "check is null"));
    }

    /**
     * Opens {@code file} through DuckDB's driver itself rather than {@code DriverManager}, which would
     * load every JDBC driver on the class path (Snowflake's included) to find it.
     */
    public static DuckDBConnection connect(Path file, Properties properties) throws SQLException {
        return (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:" + file, properties);
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the DuckDB connections are closed", UNREACHABLE);
        }
        if (!Files.isRegularFile(file)) {
            throw new SQLException("the DuckDB file " + file + " is missing", UNREACHABLE);
        }
        if (root == null) {
            DuckDBConnection opened;
            try {
                opened = connect(file, properties);
            } catch (SQLException e) {
                throw new SQLException("cannot open the DuckDB file " + file + ": " + e.getMessage(), UNREACHABLE, e);
            }
            if (!accepts(opened)) {
                throw new SQLException("the DuckDB file " + file + " does not hold the expected data", UNREACHABLE);
            }
            root = opened;
        }
        return root.duplicate();
    }

    /**
     * Whether the check accepts the database just opened, which is closed when not, or when the check
     * fails: left open, it would keep this process's settings on the file, and a generation replacing
     * the file could not open it.
     */
    private boolean accepts(DuckDBConnection opened) throws SQLException {
        boolean accepted = false;
        try {
            accepted = check.accepts(opened);
            return accepted;
        } finally {
            if (!accepted) {
                opened.close();
            }
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        if (root != null) {
            root.close();
        }
    }
}
