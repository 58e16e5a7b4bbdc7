package dataapi.config;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The report result cache.
 *
 * @param maxBytes the most response bytes kept; 0 turns the cache off
 * @param timeToLive how long a result is served before the warehouse is asked again; empty keeps
 *                   results until evicted for size, right when the data cannot change while served
 */
public record CacheConfig(long maxBytes, Optional<Duration> timeToLive) {
    public CacheConfig {
        requireNonNull(timeToLive, "timeToLive is null");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache size must not be negative");
        }
        timeToLive.ifPresent(ttl -> {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("cache time to live must be positive");
            }
        });
    }
}
