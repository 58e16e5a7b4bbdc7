package dataapi.warehouse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements kept open on each pooled connection, by SQL text, so that a text run
 * again on a connection is not prepared again. Preparing plans the query: in DuckDB that is about
 * 1.5 ms of a cold top 10 at scale factor 10 and a fifth of a clerk's year (bench/RESULTS.md).
 *
 * <p>HikariCP closes the statements made through a pooled connection when it is handed back, so
 * these are made on the driver's connection underneath, which outlives the hand-back. A statement
 * is taken out while it runs and kept again only after a run that went well: one that failed,
 * timed out or was cancelled is closed. A pooled connection is used by one thread at a time, so
 * a text is never run twice at once on one connection. When a connection is first seen, those the
 * pool has closed since are forgotten and their statements closed.
 */
final class StatementCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatementCache.class);

    private final int perConnection;
    /** By the driver's connection, compared by identity; guarded by this. */
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** @param perConnection the most statements kept on one connection; the least recently used go first */
    StatementCache(int perConnection) {
        if (perConnection < 1) {
            throw new IllegalArgumentException("perConnection must be positive");
        }
        this.perConnection = perConnection;
    }

    /**
     * A statement for {@code sql} on {@code pooled}: the one kept from an earlier run, else a new
     * one. Hand it back with {@link #keep} after a run that went well, else close it.
     */
    PreparedStatement take(Connection pooled, String sql) throws SQLException {
        Connection driver = pooled.unwrap(Connection.class);
        PreparedStatement kept;
        synchronized (this) {
            Map<String, PreparedStatement> statements = byConnection.get(driver);
            if (statements == null) {
                forgetClosedConnections();
                byConnection.put(driver, newStatements());
                kept = null;
            } else {
                kept = statements.remove(sql);
            }
        }
        return kept != null ? kept : driver.prepareStatement(sql);
    }

    /** Keeps {@code statement}, taken for {@code sql} on {@code pooled} and run to its end, for the next run of its text there. */
    void keep(Connection pooled, String sql, PreparedStatement statement) {
        try {
            statement.clearParameters();
            Connection driver = pooled.unwrap(Connection.class);
            synchronized (this) {
                Map<String, PreparedStatement> statements = byConnection.get(driver);
                if (statements != null) {
                    statements.put(sql, statement);
                    return;
                }
            }
        } catch (SQLException e) {
            log.debug("A statement could not be kept for reuse: {}", e.getMessage());
        }
        // Its connection was forgotten while it ran (the cache was closed), or it cannot be cleared.
        close(statement);
    }

    /** Closes every kept statement. */
    @Override
    public void close() {
        List<PreparedStatement> statements = new ArrayList<>();
        synchronized (this) {
            byConnection.values().forEach(kept -> statements.addAll(kept.values()));
            byConnection.clear();
        }
        statements.forEach(StatementCache::close);
    }

    /** The most recently kept last: each run takes its statement out and puts it back at the end. */
    private Map<String, PreparedStatement> newStatements() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > perConnection) {
                    close(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    /** Removes the connections that are closed, and closes their statements (their driver may have already). */
    private void forgetClosedConnections() {
        for (Iterator<Map.Entry<Connection, Map<String, PreparedStatement>>> entries = byConnection.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<Connection, Map<String, PreparedStatement>> entry = entries.next();
            if (isClosed(entry.getKey())) {
                entry.getValue().values().forEach(StatementCache::close);
                entries.remove();
            }
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void close(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            log.debug("A kept statement could not be closed: {}", e.getMessage());
        }
    }
}
