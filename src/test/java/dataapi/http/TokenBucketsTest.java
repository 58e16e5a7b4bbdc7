package dataapi.http;

import dataapi.config.RequestRate;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The buckets' arithmetic, on a clock the test moves, and their bound in memory. */
class TokenBucketsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private long now = 1_000 * SECOND;

    @Test
    void aFullBucketTakesTheRateAtOnceThenOneRequestPerIntervalAsItRefills() {
        TokenBuckets buckets = new TokenBuckets(RequestRate.parse("3/s"), 100, () -> now);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.admit("a")).as("request %d of the burst", i + 1).isZero();
        }
        // The first of the three comes back a third of a second after it was taken.
        long third = SECOND / 3;
        assertThat(buckets.admit("a")).isEqualTo(third);
        now += third - 1;
        assertThat(buckets.admit("a")).as("a refused request takes nothing").isEqualTo(1);
        now += 1;
        assertThat(buckets.admit("a")).isZero();
        assertThat(buckets.admit("a")).isEqualTo(third);
        // A whole second later the bucket is full again, and no fuller.
        now += 5 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.admit("a")).isZero();
        }
        assertThat(buckets.admit("a")).isEqualTo(third);
    }

    @Test
    void aRatePerMinuteRefillsOneRequestPerItsShareOfTheMinute() {
        TokenBuckets buckets = new TokenBuckets(RequestRate.parse("2/min"), 100, () -> now);
        assertThat(buckets.admit("a")).isZero();
        now += 10 * SECOND;
        assertThat(buckets.admit("a")).isZero();
        assertThat(buckets.admit("a")).as("the first comes back 30 s after it was taken").isEqualTo(20 * SECOND);
        assertThat(buckets.admit("b")).as("another caller").isZero();
        // Full again 60 s after the start and still kept, used 55 s ago: no fuller for the time it was full, so two pass
        // 5 s apart, and the next waits until 30 s after the first of them.
        now += 55 * SECOND;
        assertThat(buckets.admit("a")).isZero();
        now += 5 * SECOND;
        assertThat(buckets.admit("a")).isZero();
        assertThat(buckets.admit("a")).isEqualTo(25 * SECOND);
    }

    @Test
    void idleBucketsAreDroppedAndTheirNumberIsBoundedWhateverTheNumberOfCallers() {
        TokenBuckets buckets = new TokenBuckets(RequestRate.parse("5/s"), 1_000, () -> now);
        for (int i = 0; i < 50_000; i++) {
            buckets.admit("ip:10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
            assertThat(buckets.callers()).isLessThanOrEqualTo(1_000);
        }
        // Unused for a period, a bucket is full, as a new one would be: nothing is kept for it.
        now += SECOND;
        assertThat(buckets.callers()).isZero();
    }
}
