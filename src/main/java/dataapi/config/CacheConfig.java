package dataapi.config;

import static java.util.Objects.requireNonNull;

/**
 * The report result cache.
 *
 * @param maxBytes the most response bytes kept; 0 turns the cache off
 * @param timeToLive how long a result is served before the warehouse is asked again, but for the
 *                   declared endpoints that set their own
 */
public record CacheConfig(long maxBytes, CacheLifetime timeToLive) {
    public CacheConfig {
        requireNonNull(timeToLive, "timeToLive is null");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache size must not be negative");
        }
    }
}
