package dataapi.config;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How long a cached result is served before the warehouse is asked again: until the cache evicts
 * it for size ({@link #FOREVER}), right when the data cannot change while served; for a set time;
 * or no time at all ({@link #OFF}), so that every request runs its query.
 *
 * @param duration the set time; empty for {@link #FOREVER}, zero for {@link #OFF}
 */
public record CacheLifetime(Optional<Duration> duration) {
    public static final CacheLifetime FOREVER = new CacheLifetime(Optional.empty());
    public static final CacheLifetime OFF = new CacheLifetime(Optional.of(Duration.ZERO));

    public CacheLifetime {
        requireNonNull(duration, "duration is null");
        duration.ifPresent(time -> {
            if (time.isNegative()) {
                throw new IllegalArgumentException("a cache lifetime must not be negative");
            }
        });
    }

    public static CacheLifetime of(Duration duration) {
        return new CacheLifetime(Optional.of(duration));
    }

    /** Whether a result is kept at all. */
    public boolean cached() {
        return !equals(OFF);
    }

    /** Whether a result kept is served for a set time only. */
    public boolean expires() {
        return duration.filter(time -> !time.isZero()).isPresent();
    }
}
