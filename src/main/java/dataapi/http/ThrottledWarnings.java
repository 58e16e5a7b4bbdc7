package dataapi.http;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Warnings that any client can cause at will, such as a refused credential: at most
 * {@link #LINES_PER_SECOND} are logged a second. Unbounded, a flood of bad requests would be a
 * flood of log lines, each written on the request's thread under the log's lock. Every request is
 * in the access log anyway; the warnings left out are counted, and the count is logged before the
 * next warning that is.
 */
final class ThrottledWarnings {
    static final int LINES_PER_SECOND = 10;

    private final Logger log;
    private final Clock clock;
    private long secondStartMillis;
    private int linesThisSecond;
    private long leftOut;
    private long leftOutSinceMillis;

    ThrottledWarnings(Logger log, Clock clock) {
        this.log = requireNonNull(log, "log is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.secondStartMillis = clock.millis();
    }

    /** Logs a warning as {@link Logger#warn(String, Object...)} does, unless this second's lines are used up. */
    void warn(String format, Object... arguments) {
        long leftOutBefore;
        long since;
        synchronized (this) {
            long now = clock.millis();
            // A clock set back starts a second too, rather than hold the lines back until it is where it was.
            if (now - secondStartMillis >= 1000 || now < secondStartMillis) {
                secondStartMillis = now;
                linesThisSecond = 0;
            }
            if (linesThisSecond == LINES_PER_SECOND) {
                if (leftOut++ == 0) {
                    leftOutSinceMillis = now;
                }
                return;
            }
            linesThisSecond++;
            leftOutBefore = leftOut;
            since = leftOutSinceMillis;
            leftOut = 0;
        }
        if (leftOutBefore > 0) {
            log.warn("{} more warnings like the ones here were left out of this log since {} (at most {} a second are logged; "
                    + "the access log has every request)", leftOutBefore, Instant.ofEpochMilli(since), LINES_PER_SECOND);
        }
        log.warn(format, arguments);
    }
}
