package dataapi.http;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's own formatting of times and durations, against the JDK's general formatters. */
class AccessLogFormatTest {
    private static final long SEED = Long.getLong("dataapi.seed", System.nanoTime());

    @Test
    void timesAreIso8601ToTheMicrosecond() {
        Random random = new Random(SEED);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000));
            String text = LogTime.format(instant);
            assertThat(text).as("seed %d", SEED).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
            assertThat(Instant.parse(text)).as("seed %d", SEED).isEqualTo(instant.truncatedTo(ChronoUnit.MICROS));
        }
        // A whole minute and a whole second, which Instant.toString() would shorten.
        assertThat(LogTime.format(Instant.parse("2026-11-24T06:28:00Z"))).isEqualTo("2026-11-24T06:28:00.000000Z");
        assertThat(LogTime.format(Instant.parse("2026-11-24T06:28:00.000999Z"))).isEqualTo("2026-11-24T06:28:00.000999Z");
    }

    @Test
    void millisecondsHaveTwoDecimals() {
        Random random = new Random(SEED);
        for (int i = 0; i < 100_000; i++) {
            double millis = random.nextDouble() * random.nextInt(100_000);
            double hundredths = millis * 100;
            if (Math.abs(hundredths - Math.floor(hundredths) - 0.5) < 1e-6) {
                continue; // a tie in binary floating point: either neighbour is right
            }
            String expected = new BigDecimal(millis).setScale(2, RoundingMode.HALF_UP).toPlainString();
            assertThat(AccessLog.milliseconds(millis)).as("seed %d: %s", SEED, millis).isEqualTo(expected);
        }
        assertThat(AccessLog.milliseconds(0)).isEqualTo("0.00");
        assertThat(AccessLog.milliseconds(0.05)).isEqualTo("0.05");
        assertThat(AccessLog.milliseconds(12.3)).isEqualTo("12.30");
        assertThat(AccessLog.milliseconds(1234.567)).isEqualTo("1234.57");
    }
}
