package dataapi.http;

import dataapi.StandardError;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that warnings a client can cause at will reach the log at most {@link ThrottledWarnings#LINES_PER_SECOND} a second, the rest counted. */
public final class WarningFlood {
    private WarningFlood() {
    }

    /**
     * After a second without them, sends {@code flood} requests, each of which must cause one warning that {@code line} finds, then one more after a
     * second: each of the flood's warnings is logged or counted, at most the limit a second are logged, and the one
     * after is logged.
     */
    public static void assertLoggedOrCounted(Pattern line, int flood, StandardError.Work request) throws Exception {
        // A second of its own: warnings logged just before would take some of the flood's lines.
        Thread.sleep(1100);
        long start = System.nanoTime();
        String during = StandardError.during(() -> {
            for (int i = 0; i < flood; i++) {
                request.run();
            }
        });
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        Thread.sleep(1100);
        String after = StandardError.during(request);

        long logged = line.matcher(during).results().count();
        // The flood's seconds, and parts of the seconds begun before and after it.
        assertThat(logged).as(during).isBetween((long) ThrottledWarnings.LINES_PER_SECOND, ThrottledWarnings.LINES_PER_SECOND * (seconds + 2));
        assertThat(line.matcher(after).results().count()).as(after).isEqualTo(1);
        long leftOut = Pattern.compile("(\\d+) more warnings like the ones here were left out").matcher(during + after).results()
                .mapToLong(counted -> Long.parseLong(counted.group(1))).sum();
        assertThat(logged + leftOut).as("every warning of the flood logged or counted").isEqualTo(flood);
    }
}
