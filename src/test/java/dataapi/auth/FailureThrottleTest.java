package dataapi.auth;

import dataapi.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final String CLIENT = "192.0.2.1";

    private final MovableClock clock = new MovableClock();
    private final FailureThrottle throttle = new FailureThrottle(3, WINDOW, clock);

    @Test
    void failuresReachingTheLimitRefuseTheClientUntilTheWindowEnds() {
        throttle.failed(CLIENT);
        clock.advance(Duration.ofSeconds(20));
        throttle.failed(CLIENT);
        throttle.failed(CLIENT);

        assertThat(throttle.retryAfter(CLIENT)).hasValue(Duration.ofSeconds(40));
        assertThat(throttle.attempt(CLIENT)).isEmpty();
        assertThat(throttle.retryAfter("192.0.2.2")).isEmpty();
        clock.advance(Duration.ofSeconds(40));
        assertThat(throttle.retryAfter(CLIENT)).isEmpty();
        assertThat(throttle.attempt(CLIENT)).isPresent();
    }

    /** Checks sent at once: counted only as they fail, every one would be checked before the first counted. */
    @Test
    void checksUnderWayCountAgainstTheLimitFromTheirStart() {
        FailureThrottle.Attempt first = throttle.attempt(CLIENT).orElseThrow();
        throttle.attempt(CLIENT).orElseThrow();
        throttle.failed(CLIENT);

        assertThat(throttle.attempt(CLIENT)).isEmpty();
        assertThat(throttle.retryAfter(CLIENT)).as("no wait for the window: the checks under way end soon").isEmpty();
        first.ended(false);
        assertThat(throttle.attempt(CLIENT)).isPresent();
        assertThat(throttle.attempt(CLIENT)).isEmpty();
    }

    @Test
    void aCheckThatFailsCountsAndOneThatSucceedsDoesNot() {
        for (int i = 0; i < 10; i++) {
            throttle.attempt(CLIENT).orElseThrow().ended(false);
        }
        for (int i = 0; i < 3; i++) {
            throttle.attempt(CLIENT).orElseThrow().ended(true);
        }

        assertThat(throttle.attempt(CLIENT)).isEmpty();
        assertThat(throttle.retryAfter(CLIENT)).hasValue(WINDOW);
    }

    @Test
    void aCheckUnderWayWhenTheWindowEndsCountsInTheNext() {
        FailureThrottle.Attempt late = throttle.attempt(CLIENT).orElseThrow();
        throttle.failed(CLIENT);
        throttle.failed(CLIENT);
        clock.advance(WINDOW);

        throttle.attempt(CLIENT).orElseThrow();
        throttle.attempt(CLIENT).orElseThrow();
        assertThat(throttle.attempt(CLIENT)).as("two begun in this window, one still under way from the last").isEmpty();
        late.ended(true);
        assertThat(throttle.attempt(CLIENT)).isEmpty();
        assertThat(throttle.retryAfter(CLIENT)).as("one failure in this window").isEmpty();
    }

    @Test
    void anAttemptEndsOnce() {
        FailureThrottle.Attempt attempt = throttle.attempt(CLIENT).orElseThrow();
        attempt.ended(true);

        assertThatThrownBy(() -> attempt.ended(true)).isInstanceOf(IllegalStateException.class);
        throttle.attempt(CLIENT).orElseThrow();
        throttle.attempt(CLIENT).orElseThrow();
        assertThat(throttle.attempt(CLIENT)).as("one failure and two checks under way").isEmpty();
    }
}
