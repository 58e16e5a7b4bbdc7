package dataapi.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dataapi.config.RequestRate;
import io.javalin.http.Context;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A token bucket per caller ({@link PerCaller}): it holds as many requests as the rate allows a
 * period, so a caller may make them all at once, and it refills continuously at the rate, a request
 * every period / N. A request finding the bucket empty is refused and takes nothing from it.
 *
 * <p>A bucket is one number, the time at which it is full again (the generic cell rate algorithm):
 * admitting a request is a lookup and a compare-and-set. A bucket unused for a period is full, the
 * same as no bucket, so it is dropped then; at most {@code maxCallers} are kept, the least used
 * dropped first, so that a flood of addresses cannot fill the heap. A caller whose bucket was dropped
 * for room starts again with a full one.
 */
final class TokenBuckets implements RateLimit {
    /** Callers tracked at once: an entry is about 150 bytes, so at most about 1.5 MB of the heap. */
    static final int MAX_CALLERS = 10_000;
    /** Any time before now: a new bucket is full. */
    private static final Function<String, AtomicLong> FULL = caller -> new AtomicLong(Long.MIN_VALUE);
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RequestRate rate;
    /** Nanoseconds in which the bucket gets one request back. */
    private final long interval;
    /** How far ahead of now the time of being full may be for a request to pass: all but the one it takes. */
    private final long tolerance;
    private final Ticker ticker;
    private final Cache<String, AtomicLong> fullAt;

    TokenBuckets(RequestRate rate, int maxCallers, Ticker ticker) {
        this.rate = requireNonNull(rate, "rate is null");
        this.ticker = requireNonNull(ticker, "ticker is null");
        long period = rate.per().period().toNanos();
        this.interval = period / rate.requests();
        this.tolerance = (rate.requests() - 1) * interval;
        this.fullAt = Caffeine.newBuilder()
                .maximumSize(maxCallers)
                .expireAfterAccess(rate.per().period())
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public void admit(Context ctx) {
        long wait = admit(PerCaller.key(ctx));
        if (wait > 0) {
            long seconds = Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
            throw new TooManyRequestsException("Over the rate limit of " + rate.inWords() + " per caller. Retry in "
                    + seconds + (seconds == 1 ? " second." : " seconds."), seconds);
        }
    }

    /** Takes a request from {@code caller}'s bucket: 0 when there was one, else the nanoseconds until there is. */
    long admit(String caller) {
        AtomicLong full = fullAt.get(caller, FULL);
        long now = ticker.read();
        while (true) {
            long current = full.get();
            long from = Math.max(current, now);
            if (from - now > tolerance) {
                return from - tolerance - now;
            }
            if (full.compareAndSet(current, from + interval)) {
                return 0;
            }
        }
    }

    /** How many callers' buckets are kept now. */
    long callers() {
        fullAt.cleanUp();
        return fullAt.estimatedSize();
    }
}
