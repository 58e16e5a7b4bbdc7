package dataapi.warehouse.snowflake;

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
 * Logins to Snowflake, by its JDBC driver or by Snowpark, each given at most the login timeout.
 *
 * <p>The driver is told the timeout too ({@code loginTimeout}), which ends its retries of a login
 * that is refused or whose host is not found. A login request that the host takes and never
 * answers, though, waits out the driver's socket timeout for logins, 5 minutes, which no setting
 * of driver 3.24.2 shortens. So each login runs on a thread of its own and its caller waits at
 * most the timeout. While a login given up on has not ended, Snowflake is taken as not answering
 * and later logins fail at once: a silent host holds one thread, not one per attempt. What a login
 * given up on opens after all is closed.
 */
final class SnowflakeLogins {
    private static final Logger log = LoggerFactory.getLogger(SnowflakeLogins.class);

    private final Duration timeout;
    /** Logins given up on for their time that have not ended. */
    private final AtomicInteger unanswered = new AtomicInteger();

    /** A login: what it opens is a JDBC connection or a Snowpark session. */
    @FunctionalInterface
    interface Login<C> {
        C open() throws SQLException;
    }

    /** Closes what a login opened. */
    @FunctionalInterface
    interface Closer<C> {
        void close(C opened) throws Exception;
    }

    SnowflakeLogins(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * What {@code login} opens, within the timeout.
     *
     * @param close closes what {@code login} opens after its caller has stopped waiting
     * @throws SQLTransientConnectionException (SQLSTATE 08001) when Snowflake did not answer within
     *                                         the timeout, or has not answered an earlier login yet
     */
    <C> C logIn(Login<C> login, Closer<C> close) throws SQLException {
        if (unanswered.get() > 0) {
            throw notAnswered("has not answered a login given up on after " + timeout.toMillis() + " ms");
        }
        CompletableFuture<C> attempt = CompletableFuture.supplyAsync(() -> {
            try {
                return login.open();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, SnowflakeLogins::onAThreadOfItsOwn);
        try {
            return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (TimeoutException e) {
            unanswered.incrementAndGet();
            attempt.whenComplete((opened, failure) -> {
                closeLate(opened, close);
                unanswered.decrementAndGet();
            });
            throw notAnswered("did not answer a login within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempt.whenComplete((opened, failure) -> closeLate(opened, close));
            throw new SQLException("interrupted while logging in to Snowflake", e);
        }
    }

    private static SQLTransientConnectionException notAnswered(String what) {
        return new SQLTransientConnectionException("Snowflake " + what, "08001");
    }

    private static SQLException rethrown(Throwable failure) {
        if (failure instanceof SQLException e) {
            return e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new SQLException("cannot log in to Snowflake: " + failure.getMessage(), failure);
    }

    private static <C> void closeLate(C opened, Closer<C> close) {
        if (opened == null) {
            return;
        }
        try {
            close.close(opened);
        } catch (Exception e) {
            log.debug("Closing a login's late connection failed: {}", e.getMessage());
        }
    }

    /** Logins are few (one a connection's lifetime), so each gets a thread of its own, which no pool need hold. */
    private static void onAThreadOfItsOwn(Runnable login) {
        Thread thread = new Thread(login, "snowflake-login");
        thread.setDaemon(true);
        thread.start();
    }
}
