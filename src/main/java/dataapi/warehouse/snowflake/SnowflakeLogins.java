package dataapi.warehouse.snowflake;

import dataapi.Outage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Logins to one Snowflake account, by its JDBC driver and by Snowpark, each given at most the login
 * timeout.
 *
 * <p>The driver is told the timeout too ({@code loginTimeout}), which ends its retries of a login
 * that is refused or whose host is not found. A login request that the host takes and never
 * answers, though, waits out the driver's socket timeout, 5 minutes: its settings did not shorten
 * it here ({@code HTTP_CLIENT_SOCKET_TIMEOUT}, were it to, is the whole process's, queries'
 * requests included). So each login runs on a thread of its own and its caller waits at most the
 * timeout. Once one has been given up on, one login a timeout is tried, the others failing at once,
 * until one ends within it; and while {@link #MOST_LEFT_RUNNING} logins given up on run on (until the
 * driver ends them), no other starts, so that a silent host holds a few threads, not one per attempt.
 * Logins begun together before the first is given up on (the pool's and a burst of Snowpark
 * sessions') each run on, as none can be told from a slow one sooner. What a login given up on
 * opens after all is closed.
 */
public final class SnowflakeLogins {
    /** How many logins given up on, by timeout or by an interrupted caller, stop new ones while they run on. */
    static final int MOST_LEFT_RUNNING = 3;

    private static final Logger log = LoggerFactory.getLogger(SnowflakeLogins.class);
    private static final AtomicInteger threadNumbers = new AtomicInteger();

    private final Duration timeout;
    private final Outage unanswered;
    private final AtomicInteger leftRunning = new AtomicInteger();

    /** A login: what it opens is a JDBC connection or a Snowpark session. */
    @FunctionalInterface
    public interface Login<C> {
        C open() throws SQLException;
    }

    /** Closes what a login opened. */
    @FunctionalInterface
    public interface Closer<C> {
        void close(C opened) throws Exception;
    }

    public SnowflakeLogins(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.unanswered = new Outage(timeout);
    }

    /**
     * What {@code login} opens, within the timeout.
     *
     * @param close closes what {@code login} opens after its caller has stopped waiting
     * @throws SQLTransientConnectionException (SQLSTATE 08001) when Snowflake did not answer within
     *                                         the timeout, or has not answered a login lately
     */
    public <C> C logIn(Login<C> login, Closer<C> close) throws SQLException {
        if (Thread.currentThread().isInterrupted()) {
            throw new SQLException("interrupted before logging in to Snowflake");
        }
        if (leftRunning.get() >= MOST_LEFT_RUNNING || unanswered.refuses()) {
            throw notAnswered("has not answered a login lately; next try within " + timeout.toMillis() + " ms");
        }
        CompletableFuture<C> attempt = CompletableFuture.supplyAsync(() -> {
            try {
                return login.open();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, SnowflakeLogins::onAThreadOfItsOwn);
        try {
            C opened = attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            unanswered.succeeded();
            return opened;
        } catch (ExecutionException e) {
            // Refused, but within the timeout: what answered is no silent host.
            unanswered.succeeded();
            throw failed(e.getCause());
        } catch (TimeoutException e) {
            unanswered.failed();
            leaveRunning(attempt, close);
            throw notAnswered("did not answer a login within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            leaveRunning(attempt, close);
            throw new SQLException("interrupted while logging in to Snowflake", e);
        }
    }

    private static SQLException failed(Throwable failure) {
        if (failure instanceof SQLException refused) {
            return refused;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        // Snowpark's own failures are unchecked.
        return new SQLException("cannot log in to Snowflake: " + failure, failure);
    }

    private static SQLTransientConnectionException notAnswered(String what) {
        return new SQLTransientConnectionException("Snowflake " + what, "08001");
    }

    /** Counts {@code attempt} among those left running until it ends, and closes what it opens. */
    private <C> void leaveRunning(CompletableFuture<C> attempt, Closer<C> close) {
        leftRunning.incrementAndGet();
        attempt.whenComplete((opened, failure) -> {
            try {
                if (opened != null) {
                    close.close(opened);
                }
            } catch (Exception e) {
                log.warn("Closing what a Snowflake login given up on opened failed: {}", e.getMessage());
            } finally {
                leftRunning.decrementAndGet();
            }
        });
    }

    /** Logins are few (one a connection's lifetime), so each gets a thread of its own, which no pool need hold. */
    private static void onAThreadOfItsOwn(Runnable login) {
        Thread thread = new Thread(login, "snowflake-login-" + threadNumbers.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }
}
