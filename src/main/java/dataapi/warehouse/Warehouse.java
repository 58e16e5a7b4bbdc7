package dataapi.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.SQLDialect;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** A warehouse the reports run on: a pool of connections and the SQL dialect they speak. */
public final class Warehouse implements AutoCloseable {
    /** HikariCP's own default. */
    private static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofMinutes(30);

    private final String description;
    private final SQLDialect dialect;
    private final DataSource connections;
    private final HikariDataSource pool;

    /**
     * @param description where the data is, for logs (never credentials)
     * @param connections the warehouse's unpooled connections
     * @param poolSize the most connections open at once
     * @param connectionWait how long a request waits for a free connection before it is refused
     */
    public Warehouse(String description, SQLDialect dialect, DataSource connections, int poolSize, Duration connectionWait) {
        this(description, dialect, connections, poolSize, connectionWait, DEFAULT_CONNECTION_LIFETIME);
    }

    /**
     * @param connectionLifetime how long a pooled connection is kept before it is replaced by a new one
     */
    public Warehouse(String description, SQLDialect dialect, DataSource connections, int poolSize, Duration connectionWait,
                     Duration connectionLifetime) {
        this.description = requireNonNull(description, "description is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.connections = requireNonNull(connections, "connections is null");
        HikariConfig config = new HikariConfig();
        config.setPoolName("warehouse");
        config.setDataSource(connections);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionWait.toMillis());
        config.setMaxLifetime(connectionLifetime.toMillis());
        // Idle connections are closed before the end of their lifetime, never after it.
        config.setIdleTimeout(Math.min(config.getIdleTimeout(), connectionLifetime.toMillis() / 2));
        config.setReadOnly(true);
        config.setAutoCommit(true);
        this.pool = new HikariDataSource(config);
    }

    public String description() {
        return description;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** A pooled connection; close it to return it. */
    public Connection connection() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw new WarehouseUnavailableException("no warehouse connection within " + pool.getConnectionTimeout() + " ms", e);
        }
    }

    @Override
    public void close() throws Exception {
        pool.close();
        if (connections instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
