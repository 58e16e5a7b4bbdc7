package dataapi.warehouse;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to one embedded DuckDB file. DuckDB runs in this process, so every connection is a
 * duplicate of one root connection: they share one database instance and its buffer pool.
 */
public final class DuckDbConnections extends UnpooledDataSource implements AutoCloseable {
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
        return new DuckDbConnections(connect(file, properties));
    }

    /**
     * Opens {@code file} through DuckDB's driver itself rather than {@code DriverManager}, which would
     * load every JDBC driver on the class path (Snowflake's included) to find it.
     */
    public static DuckDBConnection connect(Path file, Properties properties) throws SQLException {
        return (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:" + file, properties);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return root.duplicate();
    }

    @Override
    public void close() throws SQLException {
        root.close();
    }
}
