package dataapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.util.Objects.requireNonNull;

/**
 * Counts failed authentications per client address in fixed windows; a client that fails
 * {@code limit} times in one window is refused until the window ends, which bounds password
 * guessing and the CPU that password hashing costs.
 */
public final class FailureThrottle {
    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private record Window(Instant start, int failures) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public FailureThrottle(int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** How long {@code client} must wait, if it failed too often lately. */
    public Optional<Duration> retryAfter(String client) {
        Window current = windows.get(client);
        Instant now = clock.instant();
        if (current == null || current.failures() < limit || !now.isBefore(current.start().plus(window))) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.start().plus(window)));
    }

    public void failed(String client) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_TRACKED_CLIENTS) {
            windows.values().removeIf(old -> !now.isBefore(old.start().plus(window)));
        }
        windows.compute(client, (key, current) -> current == null || !now.isBefore(current.start().plus(window))
                ? new Window(now, 1)
                : new Window(current.start(), current.failures() + 1));
    }
}
