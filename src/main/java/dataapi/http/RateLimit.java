package dataapi.http;

import com.github.benmanes.caffeine.cache.Ticker;
import dataapi.config.RequestRate;
import io.javalin.http.Context;

import java.util.Optional;

/** How many report requests a caller may make a period; a request past it is refused with 429. */
interface RateLimit {
    /** No limit: nothing is looked up or counted. */
    RateLimit NONE = ctx -> { };

    /** Counts the request to its caller, or throws {@link TooManyRequestsException} when the caller has used up the rate. */
    void admit(Context ctx);

    static RateLimit of(Optional<RequestRate> rate) {
        return rate.<RateLimit>map(perCaller -> new TokenBuckets(perCaller, TokenBuckets.MAX_CALLERS, Ticker.systemTicker())).orElse(NONE);
    }
}
