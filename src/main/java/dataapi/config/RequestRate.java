package dataapi.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * How many requests one caller may make per second or per minute, as {@code --rate-limit} takes it:
 * {@code 10/s}, {@code 600/min}.
 *
 * @param requests the requests allowed per period, which is also how many may come at once
 * @param per the period
 */
public record RequestRate(int requests, Per per) {
    /** The most requests a period: more is no limit worth the name, and a request's share of a second stays a microsecond or more. */
    public static final int MAX_REQUESTS = 1_000_000;
    private static final Pattern RATE = Pattern.compile("([0-9]{1,7})/(s|min)");

    public enum Per {
        SECOND("s", "a second", Duration.ofSeconds(1)),
        MINUTE("min", "a minute", Duration.ofMinutes(1));

        private final String unit;
        private final String words;
        private final Duration period;

        Per(String unit, String words, Duration period) {
            this.unit = unit;
            this.words = words;
            this.period = period;
        }

        public Duration period() {
            return period;
        }
    }

    public RequestRate {
        requireNonNull(per, "per is null");
        if (requests < 1 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException("a rate must allow 1 to " + MAX_REQUESTS + " requests, got " + requests);
        }
    }

    /** Reads {@code N/s} or {@code N/min}. */
    public static RequestRate parse(String text) {
        Matcher matcher = RATE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate such as 10/s or 600/min");
        }
        return new RequestRate(Integer.parseInt(matcher.group(1)), matcher.group(2).equals("s") ? Per.SECOND : Per.MINUTE);
    }

    /** As people read it: {@code 10 requests a second}. */
    public String inWords() {
        return requests + (requests == 1 ? " request " : " requests ") + per.words;
    }

    /** As {@link #parse} reads it. */
    @Override
    public String toString() {
        return requests + "/" + per.unit;
    }
}
