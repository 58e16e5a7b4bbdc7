package dataapi.warehouse.snowflake;

import com.snowflake.snowpark_java.Session;
import dataapi.Outage;
import dataapi.config.SnowflakeConfig;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.QueryCancelledException;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.WarehouseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A pool of Snowpark for Java sessions. A session is used by one request at a time, is replaced
 * after the configured lifetime (so that inside SPCS a rotated token is picked up, as with the JDBC
 * pool) and is discarded after any failure. A request waits a bounded time for a session and is
 * otherwise refused with {@link WarehouseUnavailableException}, as with the JDBC pool. Logins are
 * bounded by {@link SnowflakeLogins}, shared with the JDBC pool; once a session could not be opened,
 * one request a second tries again and the others are refused at once, as the warehouse does during
 * an outage. Each session
 * logs in with the statement timeout as its STATEMENT_TIMEOUT_IN_SECONDS, so that Snowflake itself
 * cancels a DataFrame's queries that run past it (Snowpark's queries are not the server's to time).
 */
public final class SnowparkSessions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnowparkSessions.class);
    private static final Duration PROBE_INTERVAL = Warehouse.PROBE_INTERVAL;

    private final SnowflakeConfig config;
    private final Duration wait;
    private final Duration statementTimeout;
    private final Semaphore permits;
    private final Deque<PooledSession> idle = new ArrayDeque<>();
    private final SnowflakeLogins logins;
    /** While sessions cannot be opened, one request a probe interval tries; the others are refused at once. */
    private final Outage outage = new Outage(PROBE_INTERVAL);
    private boolean closed;

    /** Work done with a session that is not shared while the work runs. */
    @FunctionalInterface
    public interface SessionWork<R> {
        R run(Session session) throws SQLException;
    }

    private record PooledSession(Session session, long openedNanos) {
    }

    /**
     * @param logins the account's logins, which the JDBC connections share
     * @param size the most sessions open at once
     * @param wait how long a request waits for a session before it is refused
     * @param statementTimeout how long Snowflake lets a session's query run, rounded up to whole seconds
     */
    public SnowparkSessions(SnowflakeConfig config, SnowflakeLogins logins, int size, Duration wait, Duration statementTimeout) {
        this.config = requireNonNull(config, "config is null");
        this.logins = requireNonNull(logins, "logins is null");
        this.wait = requireNonNull(wait, "wait is null");
        this.statementTimeout = requireNonNull(statementTimeout, "statementTimeout is null");
        this.permits = new Semaphore(size, true);
        keepStandardError();
    }

    /**
     * Snowpark closes {@code System.err} and points it at {@code System.out} when its Session class is
     * first loaded, unless the variable DISABLE_REDIRECT_STDERR is set. The server logs to standard
     * error, so Snowpark is given a stand-in to close and the real stream is put back.
     */
    private static void keepStandardError() {
        PrintStream standardError = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Class.forName("com.snowflake.snowpark.Session$", true, SnowparkSessions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Snowpark for Java is not on the class path", e);
        } finally {
            System.setErr(standardError);
        }
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** Runs {@code work} with a session of its own, for work no caller may cancel. */
    public <R> R withSession(SessionWork<R> work) throws SQLException {
        return withSession(new CancelSignal(), work);
    }

    /**
     * Runs {@code work} with a session of its own, unless {@code cancel} comes first; a cancel while
     * it runs cancels the session's queries.
     *
     * @throws QueryCancelledException when {@code cancel} came before the work started
     */
    public <R> R withSession(CancelSignal cancel, SessionWork<R> work) throws SQLException {
        try {
            if (!cancel.await(() -> permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS))) {
                throw new WarehouseUnavailableException("no Snowpark session within " + wait.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            throw new WarehouseUnavailableException("interrupted while waiting for a Snowpark session", e);
        }
        try {
            PooledSession pooled = take();
            // A session serves one request at a time, so cancelling all its queries cancels just this one.
            if (!cancel.attach(pooled.session()::cancelAll)) {
                giveBack(pooled, true);
                throw new QueryCancelledException(null);
            }
            boolean healthy = false;
            try {
                R result = work.run(pooled.session());
                healthy = true;
                return result;
            } finally {
                cancel.detach();
                giveBack(pooled, healthy);
            }
        } finally {
            permits.release();
        }
    }

    /** A live idle session, or a new one; expired ones are closed on the way. */
    private PooledSession take() throws SQLException {
        while (true) {
            PooledSession pooled;
            synchronized (this) {
                pooled = idle.pollFirst();
            }
            if (pooled == null) {
                return open();
            }
            if (!expired(pooled)) {
                return pooled;
            }
            closeQuietly(pooled);
        }
    }

    private void giveBack(PooledSession pooled, boolean healthy) {
        synchronized (this) {
            if (healthy && !closed && !expired(pooled)) {
                idle.addFirst(pooled);
                return;
            }
        }
        closeQuietly(pooled);
    }

    private boolean expired(PooledSession pooled) {
        return System.nanoTime() - pooled.openedNanos() > config.connectionLifetime().toNanos();
    }

    private PooledSession open() throws SQLException {
        if (outage.refuses()) {
            throw WarehouseUnavailableException.announced("no Snowpark session could be opened lately; next try within "
                    + PROBE_INTERVAL.toMillis() + " ms");
        }
        Map<String, String> settings = new HashMap<>();
        try {
            settings.putAll(config.connectionProperties());
        } catch (IOException e) {
            throw new WarehouseUnavailableException("cannot read the Snowflake credentials: " + e.getMessage(), e);
        }
        settings.put("URL", config.hostAndPort());
        // Snowflake counts whole seconds; rounding up never cuts a query short of the configured time.
        long timeoutSeconds = (statementTimeout.toMillis() + 999) / 1000;
        settings.put("STATEMENT_TIMEOUT_IN_SECONDS", Long.toString(timeoutSeconds));
        Session session;
        try {
            session = logins.logIn(() -> Session.builder().configs(settings).create(), Session::close);
        } catch (Exception e) {
            // Scala declares no exceptions, so the driver's SQLException arrives undeclared; either way
            // the warehouse cannot be reached. A caller interrupted while it waited says nothing of Snowflake.
            String message = "cannot open a Snowpark session: " + e.getMessage();
            if (Thread.currentThread().isInterrupted()) {
                throw new WarehouseUnavailableException(message, e);
            }
            boolean wasDown = outage.isDown();
            outage.failed();
            if (wasDown) {
                // Logged once, as the outage began; each try since is in the access log.
                throw WarehouseUnavailableException.announced(message);
            }
            log.warn("Cannot open a Snowpark session; refusing to try more than once every {} ms until one opens: {}",
                    PROBE_INTERVAL.toMillis(), e.getMessage());
            throw new WarehouseUnavailableException(message, e);
        }
        if (outage.succeeded()) {
            log.info("Snowpark sessions open again");
        }
        return new PooledSession(session, System.nanoTime());
    }

    private static void closeQuietly(PooledSession pooled) {
        try {
            pooled.session().close();
        } catch (RuntimeException e) {
            log.warn("closing a Snowpark session failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        Deque<PooledSession> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(SnowparkSessions::closeQuietly);
    }
}
