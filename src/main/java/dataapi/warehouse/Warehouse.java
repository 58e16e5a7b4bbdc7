package dataapi.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/** A warehouse the reports run on: a pool of connections and the SQL dialect they speak. */
public final class Warehouse implements MeterBinder, AutoCloseable {
    /** HikariCP's own default. */
    private static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(Warehouse.class);
    // Readiness probes may come often and from several checkers; one trivial query a second answers them all.
    private static final long READINESS_REUSE_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int READINESS_QUERY_TIMEOUT_SECONDS = 2;

    private record Readiness(boolean ready, long checkedAtNanos) {
    }

    private final String description;
    private final SQLDialect dialect;
    private final DataSource connections;
    private final HikariDataSource pool;
    // A lock rather than synchronized, so that a probe waiting on the warehouse never pins a virtual thread's carrier.
    private final ReentrantLock readinessProbe = new ReentrantLock();
    private volatile Readiness readiness;

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

    /**
     * Whether the warehouse answers a trivial query through the pool now. The answer is reused for
     * a second, and only one probe runs at a time, so frequent probes stay cheap.
     */
    public boolean isReady() {
        Readiness last = readiness;
        if (isFresh(last)) {
            return last.ready();
        }
        readinessProbe.lock();
        try {
            last = readiness;
            if (!isFresh(last)) {
                last = new Readiness(probe(), System.nanoTime());
                readiness = last;
            }
            return last.ready();
        } finally {
            readinessProbe.unlock();
        }
    }

    private static boolean isFresh(Readiness readiness) {
        return readiness != null && System.nanoTime() - readiness.checkedAtNanos() < READINESS_REUSE_NANOS;
    }

    private boolean probe() {
        try (Connection connection = connection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(READINESS_QUERY_TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                return result.next();
            }
        } catch (SQLException e) {
            log.warn("Warehouse {} is not ready: {}", description, e.getMessage());
            return false;
        }
    }

    /** Publishes the pool's metrics: connections in use, idle and awaited, wait and usage times, timeouts. */
    @Override
    public void bindTo(MeterRegistry registry) {
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    @Override
    public void close() throws Exception {
        pool.close();
        if (connections instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
