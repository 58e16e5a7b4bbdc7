package dataapi.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Timestamps for log lines in ISO 8601, UTC, to the microsecond: {@code 2026-11-24T06:28:01.328691Z}.
 * The text up to the second is made once a second, as {@link Instant#toString()} would cost every line
 * a general date formatter.
 */
final class LogTime {
    private static final Clock UTC = Clock.systemUTC();
    private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static volatile Second current = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    private LogTime() {
    }

    static String now() {
        return format(UTC.instant());
    }

    static String format(Instant instant) {
        Second second = current;
        if (second.epochSecond() != instant.getEpochSecond()) {
            second = new Second(instant.getEpochSecond(), TO_THE_SECOND.format(instant));
            current = second;
        }
        String micros = Integer.toString(instant.getNano() / 1000);
        return second.text() + "000000".substring(micros.length()) + micros + "Z";
    }
}
