package dataapi.config;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How much one request, one caller and the whole server may take of the warehouse.
 *
 * @param statementTimeout how long a query may run before it is cancelled in the warehouse (504)
 * @param concurrentPerCaller the most report requests one caller may have running at once (429 past it)
 * @param concurrentTotal the most report requests running at once, all callers together (429 past it)
 * @param shutdownGrace how long requests in flight may still run once a stop is asked for
 * @param maxResultBytes the longest answer a query may give, in bytes of JSON (400 past it): the answer
 *                       is held in memory whole, to be tagged, cached and sent, so an endpoint declared
 *                       without a LIMIT could otherwise fill the heap
 * @param ratePerCaller how many report requests one caller may make a second or a minute (429 past it); empty for no limit
 */
public record RequestLimits(Duration statementTimeout, int concurrentPerCaller, int concurrentTotal, Duration shutdownGrace,
                            long maxResultBytes, Optional<RequestRate> ratePerCaller) {
    /** The least {@code maxResultBytes}: a report's answer, ten rows, is about 600 bytes. */
    public static final long MIN_RESULT_BYTES = 1 << 10;
    public static final RequestLimits DEFAULTS = new RequestLimits(Duration.ofSeconds(30), 4, 32, Duration.ofSeconds(30));

    /** Limits with the longest answer {@link #maxResultBytesFor} this process's heap, and no rate limit. */
    public RequestLimits(Duration statementTimeout, int concurrentPerCaller, int concurrentTotal, Duration shutdownGrace) {
        this(statementTimeout, concurrentPerCaller, concurrentTotal, shutdownGrace, maxResultBytesFor(Runtime.getRuntime().maxMemory()),
                Optional.empty());
    }

    /**
     * The longest answer a heap of {@code maxHeap} bytes takes: a 32nd of it in whole megabytes (2 MB
     * in the 256 MB container's 64 MB heap), from 1 MB to 64 MB. An answer being written takes about
     * three times its length (the growing buffer, then its copy) and each pooled connection may write one.
     */
    public static long maxResultBytesFor(long maxHeap) {
        long megabytes = Math.round(maxHeap / 32.0 / (1 << 20));
        return Math.max(1, Math.min(64, megabytes)) << 20;
    }

    public RequestLimits {
        requireNonNull(statementTimeout, "statementTimeout is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
        requireNonNull(ratePerCaller, "ratePerCaller is null");
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
        if (maxResultBytes < MIN_RESULT_BYTES) {
            throw new IllegalArgumentException("the longest answer must be at least " + MIN_RESULT_BYTES + " bytes, got " + maxResultBytes);
        }
    }
}
