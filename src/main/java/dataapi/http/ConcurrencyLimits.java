package dataapi.http;

import dataapi.auth.Caller;
import io.javalin.http.Context;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the report requests running at once, per caller and in all. A request over either bound
 * is refused at once ({@link OverloadedException}, 429), never queued: queued requests would hold
 * threads and memory while the warehouse is the bottleneck anyway.
 *
 * <p>A caller is the user an authentication step put in the {@link Caller#ATTRIBUTE} request
 * attribute, or else the client's IP address.
 */
public final class ConcurrencyLimits {

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
        return "You have " + perCaller + " requests running, the limit per caller. Retry later.";
    }

    public Permit acquire(Context ctx) {
        String caller = caller(ctx);
        if (!running.tryAcquire()) {
            throw new OverloadedException("The server is running " + total + " requests, its limit. Retry later.");
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
            throw new OverloadedException(perCallerLimitReached(perCaller));
        }
        return () -> {
            runningByCaller.computeIfPresent(caller, (key, count) -> count == 1 ? null : count - 1);
            running.release();
        };
    }

    static String caller(Context ctx) {
        Caller caller = ctx.attribute(Caller.ATTRIBUTE);
        return caller != null && !caller.isAnonymous() ? "caller:" + caller.user() : "ip:" + ctx.ip();
    }

    /** Too many requests at once: 429. */
    public static final class OverloadedException extends RuntimeException {
        OverloadedException(String message) {
            super(message, null, false, false);
        }
    }
}
