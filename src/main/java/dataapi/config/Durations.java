package dataapi.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the flags and the endpoints file write them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private Durations() {
    }

    /** Reads a positive duration, or throws an {@link IllegalArgumentException} that names {@code text}. */
    public static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration such as 500ms, 5s, 1m or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
