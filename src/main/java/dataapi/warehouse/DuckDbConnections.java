package dataapi.warehouse;

import org.duckdb.DuckDBConnection;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Connections to one embedded DuckDB file. DuckDB runs in this process, so every connection is a
 * duplicate of one root connection: they share one database instance and its buffer pool.
 */
public final class DuckDbConnections implements DataSource, AutoCloseable {
    private final DuckDBConnection root;

    private DuckDbConnections(DuckDBConnection root) {
        this.root = root;
    }

    /**
     * Opens {@code file} read-only.
     *
     * @param memoryLimit DuckDB's buffer pool limit, e.g. {@code 64MB}
     * @param threads the threads DuckDB may use for one query
     */
    public static DuckDbConnections openReadOnly(Path file, String memoryLimit, int threads) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        properties.setProperty("memory_limit", memoryLimit);
        properties.setProperty("threads", Integer.toString(threads));
        return new DuckDbConnections((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return root.duplicate();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public void close() throws SQLException {
        root.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
