package dataapi.config;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A cache lifetime as {@code --cache-ttl} and a declared endpoint's {@code "cache_ttl"} write it:
 * {@code auto}, {@code forever}, {@code off}, or a duration such as {@code 60s}.
 *
 * @param lifetime the lifetime written, or empty for {@code auto}, which the warehouse chooses
 */
public record CacheTtl(Optional<CacheLifetime> lifetime) {
    public static final CacheTtl AUTO = new CacheTtl(Optional.empty());

    public CacheTtl {
        requireNonNull(lifetime, "lifetime is null");
    }

    /** Reads {@code auto}, {@code forever}, {@code off} or a duration; a mistake is an {@link IllegalArgumentException} that names it. */
    public static CacheTtl parse(String text) {
        return switch (text.trim()) {
            case "auto" -> AUTO;
            case "forever" -> new CacheTtl(Optional.of(CacheLifetime.FOREVER));
            case "off" -> new CacheTtl(Optional.of(CacheLifetime.OFF));
            default -> {
                try {
                    yield new CacheTtl(Optional.of(CacheLifetime.of(Durations.parse(text))));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + text + "' is not auto, forever, off or a duration such as 500ms, 5s, 1m or 1h");
                }
            }
        };
    }

    /**
     * The lifetime on {@code warehouse}: auto keeps results forever on the embedded data, which cannot
     * change while served, and a minute elsewhere.
     */
    public CacheLifetime resolve(WarehouseKind warehouse) {
        return lifetime.orElseGet(() -> warehouse == WarehouseKind.DUCKDB ? CacheLifetime.FOREVER : CacheLifetime.of(Duration.ofMinutes(1)));
    }
}
