package dataapi.http;

import dataapi.MovableClock;
import dataapi.StandardError;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledWarningsTest {
    private final MovableClock clock = new MovableClock();
    private final ThrottledWarnings warnings = new ThrottledWarnings(LoggerFactory.getLogger(ThrottledWarningsTest.class), clock);

    @Test
    void atMostTheLimitIsLoggedASecondAndTheRestIsCountedBeforeTheNextLine() throws Exception {
        String first = StandardError.during(() -> warn(25, "first second"));
        assertThat(lines(first, "first second")).as(first).hasSize(ThrottledWarnings.LINES_PER_SECOND);
        assertThat(first).doesNotContain("left out");

        clock.advance(Duration.ofMillis(999));
        assertThat(StandardError.during(() -> warn(1, "still the first second"))).isEmpty();

        clock.advance(Duration.ofMillis(1));
        String next = StandardError.during(() -> warn(1, "next second"));
        assertThat(next.lines().toList()).as(next).hasSize(2);
        assertThat(next.lines().findFirst().orElseThrow()).contains((25 + 1 - ThrottledWarnings.LINES_PER_SECOND) + " more warnings like the ones here were left out of this log since 2026-01-01T00:00:00Z");
        assertThat(lines(next, "next second")).hasSize(1);

        // The count starts again: nothing was left out since.
        String quiet = StandardError.during(() -> warn(1, "after"));
        assertThat(quiet).doesNotContain("left out");
        assertThat(lines(quiet, "after")).hasSize(1);
    }

    @Test
    void aClockSetBackStartsASecond() throws Exception {
        StandardError.during(() -> warn(ThrottledWarnings.LINES_PER_SECOND + 1, "first second"));
        clock.advance(Duration.ofHours(-1));
        String back = StandardError.during(() -> warn(1, "clock set back"));
        assertThat(back).contains("1 more warnings like the ones here were left out");
        assertThat(lines(back, "clock set back")).hasSize(1);
    }

    private void warn(int times, String text) {
        for (int i = 0; i < times; i++) {
            warnings.warn("warning {} of the {}", i, text);
        }
    }

    private static List<String> lines(String log, String text) {
        return log.lines().filter(line -> line.contains("[WARN]") && line.endsWith("of the " + text)).toList();
    }
}
