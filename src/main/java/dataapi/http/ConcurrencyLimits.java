package dataapi.http;

import io.javalin.http.Context;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the report requests running at once, per caller and in all. A request over either bound
 * is refused at once ({@link TooManyRequestsException}, 429), never queued: queued requests would hold
 * threads and memory while the warehouse is the bottleneck anyway. A caller is as {@link PerCaller} says.
 */
public final class ConcurrencyLimits {
    /** Places free up as queries end: a second later is worth a try. */
    private static final long RETRY_AFTER_SECONDS = 1;

    private final int perCaller;
    private final int total;
    private final Semaphore running;
    private final ConcurrentHashMap<String, Integer> runningByCaller = new ConcurrentHashMap<>();

    public ConcurrencyLimits(int perCaller, int total) {
        if (perCaller < 1 || total < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.perCaller = perCaller;
        this.total = total;
        this.running = new Semaphore(total);
    }

    /** A place among the running requests, given back on close. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** The answer to a caller who has {@code perCaller} requests running already. */
    static String perCallerLimitReached(int perCaller) {
        return "You have " + perCaller + (perCaller == 1 ? " request" : " requests") + " running, the limit per caller. Retry later.";
    }

    public Permit acquire(Context ctx) {
        String caller = PerCaller.key(ctx);
        if (!running.tryAcquire()) {
            throw new TooManyRequestsException("The server is running " + total + " requests, its limit. Retry later.", RETRY_AFTER_SECONDS);
        }
        boolean[] admitted = {false};
        runningByCaller.compute(caller, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perCaller) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            running.release();
            throw new TooManyRequestsException(perCallerLimitReached(perCaller), RETRY_AFTER_SECONDS);
        }
        return () -> {
            runningByCaller.computeIfPresent(caller, (key, count) -> count == 1 ? null : count - 1);
            running.release();
        };
    }
}
