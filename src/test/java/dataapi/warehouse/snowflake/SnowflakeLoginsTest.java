package dataapi.warehouse.snowflake;

import dataapi.Await;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logins that take as long as a test says, so that every way a login ends can be told apart. */
class SnowflakeLoginsTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final String NOT_ANSWERED = "Snowflake has not answered a login lately; next try within 300 ms";
    private static final String NOT_ANSWERED_30S = "Snowflake has not answered a login lately; next try within 30000 ms";

    private final CountDownLatch answer = new CountDownLatch(1);
    private final AtomicInteger started = new AtomicInteger();
    private final List<String> closed = new CopyOnWriteArrayList<>();

    /** A login that waits for {@link #answer}, then opens a connection named for its turn. */
    private String unansweredUntilReleased() throws SQLException {
        String name = "login-" + started.incrementAndGet();
        try {
            answer.await();
        } catch (InterruptedException e) {
            throw new SQLException(e);
        }
        return name;
    }

    @Test
    void aLoginWithinTheTimeoutIsItsCallers() throws Exception {
        SnowflakeLogins logins = new SnowflakeLogins(TIMEOUT);
        answer.countDown();
        assertThat(logins.logIn(this::unansweredUntilReleased, closed::add)).isEqualTo("login-1");
        assertThat(closed).isEmpty();
    }

    /**
     * Given up on after the timeout; then one login a timeout is tried, at most three are left running, and what they
     * open once answered is closed; after that, logins are tried as before.
     */
    @Test
    void loginsGivenUpOnAreTriedOnceATimeoutAtMostThreeLeftRunningAndWhatTheyOpenIsClosed() throws Exception {
        SnowflakeLogins logins = new SnowflakeLogins(TIMEOUT);
        for (int attempt = 1; attempt <= SnowflakeLogins.MOST_LEFT_RUNNING; attempt++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> logins.logIn(this::unansweredUntilReleased, closed::add))
                    .isInstanceOf(SQLTransientConnectionException.class).hasMessage("Snowflake did not answer a login within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
            assertThatThrownBy(() -> logins.logIn(this::unansweredUntilReleased, closed::add))
                    .as("within a timeout of the last given up on").hasMessage(NOT_ANSWERED);
            Thread.sleep(TIMEOUT.toMillis() + 50);
        }
        assertThatThrownBy(() -> logins.logIn(this::unansweredUntilReleased, closed::add))
                .as("three left running, a timeout later").hasMessage(NOT_ANSWERED);
        assertThat(started).hasValue(SnowflakeLogins.MOST_LEFT_RUNNING);

        answer.countDown();
        Await.until(() -> closed.size() == SnowflakeLogins.MOST_LEFT_RUNNING, "what the logins given up on opened is closed");
        assertThat(closed).containsExactlyInAnyOrder("login-1", "login-2", "login-3");
        Thread.sleep(TIMEOUT.toMillis() + 50);
        assertThat(logins.logIn(this::unansweredUntilReleased, closed::add)).isEqualTo("login-4");
        assertThat(logins.logIn(this::unansweredUntilReleased, closed::add)).as("no longer one a timeout").isEqualTo("login-5");
    }

    /** A login refused within the timeout is the driver's answer: its exception as it was, and no wait for the next. */
    @Test
    void aRefusalWithinTheTimeoutIsThrownAsItIsAndEndsTheWaitBetweenLogins() throws Exception {
        SnowflakeLogins logins = new SnowflakeLogins(TIMEOUT);
        assertThatThrownBy(() -> logins.logIn(this::unansweredUntilReleased, closed::add)).hasMessageStartingWith("Snowflake did not answer");
        Thread.sleep(TIMEOUT.toMillis() + 50);
        SQLException refused = new SQLException("Incorrect username or password was specified.", "28000");
        assertThatThrownBy(() -> logins.<String>logIn(() -> {
            throw refused;
        }, closed::add)).isSameAs(refused);
        assertThat(logins.logIn(() -> "answered", closed::add)).as("the next at once").isEqualTo("answered");

        assertThatThrownBy(() -> logins.<String>logIn(() -> {
            throw new IllegalStateException("Snowpark's own");
        }, closed::add)).isInstanceOf(SQLException.class).hasMessage("cannot log in to Snowflake: java.lang.IllegalStateException: Snowpark's own");
        assertThatThrownBy(() -> logins.<String>logIn(() -> {
            throw new NoClassDefFoundError("net/snowflake/Missing");
        }, closed::add)).isInstanceOf(NoClassDefFoundError.class);
        answer.countDown();
    }

    /**
     * A caller interrupted before it logs in starts no login; one interrupted while it waits leaves its login running,
     * counted among the three, and what it opens is closed. Neither makes the next caller wait.
     */
    @Test
    void anInterruptedCallerStartsNoLoginOrLeavesItsLoginToBeClosed() throws Exception {
        SnowflakeLogins logins = new SnowflakeLogins(Duration.ofSeconds(30));
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> logins.logIn(this::unansweredUntilReleased, closed::add))
                .hasMessage("interrupted before logging in to Snowflake");
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(started).hasValue(0);

        for (int caller = 1; caller <= SnowflakeLogins.MOST_LEFT_RUNNING; caller++) {
            Thread waiting = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                // Once the caller waits for its login; a caller that never does fails below, not here.
                long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (waiting.getState() != Thread.State.TIMED_WAITING) {
                    if (System.nanoTime() > giveUp) {
                        return;
                    }
                    Thread.onSpinWait();
                }
                waiting.interrupt();
            });
            interrupter.setDaemon(true);
            interrupter.start();
            assertThatThrownBy(() -> logins.logIn(this::unansweredUntilReleased, closed::add))
                    .hasMessage("interrupted while logging in to Snowflake");
            assertThat(Thread.interrupted()).isTrue();
            interrupter.join();
        }
        assertThatThrownBy(() -> logins.logIn(this::unansweredUntilReleased, closed::add)).as("three left running").hasMessage(NOT_ANSWERED_30S);

        answer.countDown();
        Await.until(() -> closed.size() == SnowflakeLogins.MOST_LEFT_RUNNING, "what the interrupted callers' logins opened is closed");
        assertThat(logins.logIn(this::unansweredUntilReleased, closed::add)).isEqualTo("login-4");
    }
}
