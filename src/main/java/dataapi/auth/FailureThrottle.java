package dataapi.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Counts failed authentications per client address in fixed windows; a client that fails
 * {@code limit} times in one window is refused until the window ends, which bounds password
 * guessing and the CPU that password hashing costs.
 *
 * <p>A password check takes half a second of a core, so its failure is known long after it began:
 * counted only then, any number of guesses sent at once would all be checked before the first was
 * counted. A password check is therefore an {@link Attempt}, which counts against the limit from its
 * start: a client has at most {@code limit} failures and checks under way together.
 *
 * <p>At most {@value #MAX_TRACKED_CLIENTS} clients are tracked, the least used dropped first, so
 * that a flood of addresses cannot fill the heap; a client dropped for room starts again with none.
 */
public final class FailureThrottle {
    /** An entry is about 200 bytes: at most about 20 MB of the heap, under a flood of addresses. */
    private static final int MAX_TRACKED_CLIENTS = 100_000;
    /** Caffeine's way to say never: the entry is written again when the check ends. */
    private static final Duration UNTIL_THE_CHECKS_END = Duration.ofNanos(Long.MAX_VALUE);

    /** A client's window: when it began, the failures in it, and the checks under way, whichever window they began in. */
    private record Window(Instant start, int failures, int underway) {
        boolean isOver(Instant now, Duration length) {
            return !now.isBefore(start.plus(length));
        }
    }

    /** A check under way; {@link #ended} once, whether it failed as a guess would or not. */
    public final class Attempt {
        private final String client;
        private boolean ended;

        private Attempt(String client) {
            this.client = client;
        }

        /** @param failed whether the check failed as a guess would: counted then */
        public void ended(boolean failed) {
            if (ended) {
                throw new IllegalStateException("the attempt has ended");
            }
            ended = true;
            update(client, window -> new Window(window.start(), window.failures() + (failed ? 1 : 0), Math.max(0, window.underway() - 1)));
        }
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Window> windows;

    public FailureThrottle(int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
        // A window is dropped once over, unless a check under way would then be forgotten: it is kept until that check ends.
        this.windows = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED_CLIENTS)
                .expireAfter(Expiry.writing((String client, Window written) -> written.underway() > 0
                        ? UNTIL_THE_CHECKS_END : Duration.between(clock.instant(), written.start().plus(window))))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** How long {@code client} must wait, if it failed too often lately. */
    public Optional<Duration> retryAfter(String client) {
        Window current = windows.getIfPresent(client);
        Instant now = clock.instant();
        if (current == null || current.failures() < limit || current.isOver(now, window)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.start().plus(window)));
    }

    /** Counts a failure that was known at once, as a token's is. */
    public void failed(String client) {
        update(client, current -> new Window(current.start(), current.failures() + 1, current.underway()));
    }

    /**
     * Begins a check that may fail as a guess would, or refuses it (empty) while {@code client}'s failures and
     * checks under way reach the limit: {@link #retryAfter} then says how long, when failures alone reach it.
     */
    public Optional<Attempt> attempt(String client) {
        boolean[] begun = {false};
        update(client, current -> {
            if (current.failures() + current.underway() >= limit) {
                return current;
            }
            begun[0] = true;
            return new Window(current.start(), current.failures(), current.underway() + 1);
        });
        return begun[0] ? Optional.of(new Attempt(client)) : Optional.empty();
    }

    /** Changes {@code client}'s window as it stands now: a new one when it had none or its last is over, keeping the checks under way. */
    private void update(String client, UnaryOperator<Window> change) {
        Instant now = clock.instant();
        windows.asMap().compute(client, (key, last) -> change.apply(
                last == null ? new Window(now, 0, 0) : last.isOver(now, window) ? new Window(now, 0, last.underway()) : last));
    }
}
