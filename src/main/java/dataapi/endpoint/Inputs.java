package dataapi.endpoint;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict parsing of endpoints' text inputs, reports' and declared ones': ASCII digits only, real calendar dates only. */
public final class Inputs {
    /**
     * The most digits of a decimal. DuckDB compares a value with a DECIMAL column in one DECIMAL of at most 38
     * digits, with the integer digits of the wider and the decimals of the more exact: a value with 37 decimals
     * failed with a DECIMAL(15,2) column on every row, a 500. Eighteen leave twenty for a column's.
     */
    public static final int DECIMAL_DIGITS = 18;

    private Inputs() {
    }

    /**
     * A date as YYYY-MM-DD, where month and day may be unpadded, as the quickstart's
     * strptime("%Y-%m-%d") accepted. Read by hand rather than by a regular expression: every
     * request of a report with dates passes here, cached or not.
     */
    public static LocalDate date(String raw, String errorMessage) {
        int secondDash = raw.indexOf('-', 5);
        int year = raw.length() > 4 && raw.charAt(4) == '-' ? digits(raw, 0, 4) : -1;
        int month = secondDash >= 6 && secondDash <= 7 ? digits(raw, 5, secondDash) : -1;
        int day = secondDash > 0 && raw.length() - secondDash - 1 <= 2 ? digits(raw, secondDash + 1, raw.length()) : -1;
        // Year 0 is not a year of the calendar the API speaks (the quickstart's strptime refused it too).
        if (year < 1 || month < 0 || day < 0) {
            throw new BadRequestException(errorMessage);
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new BadRequestException(errorMessage);
        }
    }

    /**
     * A decimal as {@link #decimal} reads it: an optional -, ASCII digits, and optionally a point and
     * more digits, at most {@link #DECIMAL_DIGITS} digits in all; no exponent, no +, no point without
     * digits on both sides. Java and JSON Schema (the API description) read it alike.
     */
    public static final String DECIMAL_PATTERN = "^-?(?:[0-9]{1,%d}|(?=[0-9.]{3,%d}$)[0-9]+\\.[0-9]+)$"
            .formatted(DECIMAL_DIGITS, DECIMAL_DIGITS + 1);
    private static final Pattern DECIMAL = Pattern.compile(DECIMAL_PATTERN);

    /** An exact decimal number written as {@link #DECIMAL_PATTERN} says, never read through a double, which would change it. */
    public static BigDecimal decimal(String raw, String errorMessage) {
        if (!DECIMAL.matcher(raw).matches()) {
            throw new BadRequestException(errorMessage);
        }
        return new BigDecimal(raw);
    }

    /** What both time patterns start with, its groups numbered 1 to 7: year, month, day, hour, minute, second and fraction. */
    private static final String DATE_TIME =
            "(?!0000)([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\\.([0-9]{1,6}))?";
    /**
     * A wall-clock time as {@link #timestamp} reads it: YYYY-MM-DDTHH:MM:SS with an upper-case T, a year from
     * 0001, and an optional fraction of at most six digits. Six, as PostgreSQL and DuckDB keep microseconds
     * and differ past them: PostgreSQL rounds 12:00:00.0000009 up to 12:00:00.000001, DuckDB's driver cuts it
     * to 12:00:00, so the same request would count other rows on each. Java and JSON Schema read it alike;
     * the days of each month Java checks alone.
     */
    public static final String TIMESTAMP_PATTERN = "^" + DATE_TIME + "$";
    /** A moment as {@link #timestamptz} reads it: a {@link #TIMESTAMP_PATTERN} time and its offset, Z or ±HH:MM up to ±18:00. */
    public static final String TIMESTAMPTZ_PATTERN = "^" + DATE_TIME + "(Z|[+-](?:(?:0[0-9]|1[0-7]):[0-5][0-9]|18:00))$";
    private static final Pattern TIMESTAMP = Pattern.compile(TIMESTAMP_PATTERN);
    private static final Pattern TIMESTAMPTZ = Pattern.compile(TIMESTAMPTZ_PATTERN);

    /** A wall-clock time written as {@link #TIMESTAMP_PATTERN} says: no offset, so that it is compared with a time without a zone as it is. */
    public static LocalDateTime timestamp(String raw, String errorMessage) {
        Matcher matcher = TIMESTAMP.matcher(raw);
        if (!matcher.matches()) {
            throw new BadRequestException(errorMessage);
        }
        return localDateTime(matcher, errorMessage);
    }

    /**
     * A moment written as {@link #TIMESTAMPTZ_PATTERN} says, in UTC: 14:00:00+02:00 and 12:00:00Z are one value,
     * so one key of the result cache, as the warehouse is sent the same value for both.
     */
    public static OffsetDateTime timestamptz(String raw, String errorMessage) {
        Matcher matcher = TIMESTAMPTZ.matcher(raw);
        if (!matcher.matches()) {
            throw new BadRequestException(errorMessage);
        }
        return OffsetDateTime.of(localDateTime(matcher, errorMessage), ZoneOffset.of(matcher.group(8))).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime localDateTime(Matcher matcher, String errorMessage) {
        String fraction = matcher.group(7) == null ? "" : matcher.group(7);
        try {
            return LocalDateTime.of(field(matcher, 1), field(matcher, 2), field(matcher, 3), field(matcher, 4), field(matcher, 5), field(matcher, 6),
                    fraction.isEmpty() ? 0 : Integer.parseInt(fraction + "0".repeat(9 - fraction.length())));
        } catch (DateTimeException notInTheCalendar) {
            // February 30, or 29 outside a leap year.
            throw new BadRequestException(errorMessage);
        }
    }

    private static int field(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }

    /** The number written in ASCII digits from {@code begin} to {@code end}, or -1 if that is empty or holds anything else. */
    private static int digits(String text, int begin, int end) {
        return begin < end && areAsciiDigits(text, begin, end) ? Integer.parseInt(text, begin, end, 10) : -1;
    }

    /** True for a non-empty string of '0'..'9' only (not other scripts' digits, which Character.isDigit allows). */
    public static boolean isAsciiDigits(String text) {
        return !text.isEmpty() && areAsciiDigits(text, 0, text.length());
    }

    /**
     * {@code text} without its leading zeros, keeping the last character ("007" is "7", "000" is
     * "0"). By hand rather than by a regular expression, which would be compiled on every request.
     */
    public static String withoutLeadingZeros(String text) {
        int start = 0;
        while (start < text.length() - 1 && text.charAt(start) == '0') {
            start++;
        }
        return text.substring(start);
    }

    private static boolean areAsciiDigits(String text, int begin, int end) {
        for (int i = begin; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
