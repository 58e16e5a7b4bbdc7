package dataapi.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How much one request, one caller and the whole server may take of the warehouse.
 *
 * @param statementTimeout how long a query may run before it is cancelled in the warehouse (504)
 * @param concurrentPerCaller the most report requests one caller may have running at once (429 past it)
 * @param concurrentTotal the most report requests running at once, all callers together (429 past it)
 * @param shutdownGrace how long requests in flight may still run once a stop is asked for
 */
public record RequestLimits(Duration statementTimeout, int concurrentPerCaller, int concurrentTotal, Duration shutdownGrace) {
    public static final RequestLimits DEFAULTS = new RequestLimits(Duration.ofSeconds(30), 4, 32, Duration.ofSeconds(30));

    public RequestLimits {
        requireNonNull(statementTimeout, "statementTimeout is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statement timeout must be positive, got " + statementTimeout);
        }
        if (concurrentPerCaller < 1 || concurrentTotal < 1) {
            throw new IllegalArgumentException("concurrency limits must be at least 1");
        }
        if (concurrentPerCaller > concurrentTotal) {
            throw new IllegalArgumentException("the limit per caller (" + concurrentPerCaller
                    + ") must not exceed the total limit (" + concurrentTotal + ")");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative, got " + shutdownGrace);
        }
    }
}
