package dataapi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Predicate;

/**
 * The JSON text of a double, a float or a timestamp as the API is to write it, made here from first
 * principles (BigDecimal and java.time arithmetic), not by the formatters the server uses.
 */
public final class ExpectedText {
    private ExpectedText() {
    }

    /** A double's shortest digits that read back to it, in Java's layout (see {@link #shortest}). */
    public static String number(double value) {
        return shortest(value, value == 0 && 1 / value < 0, digits -> digits.doubleValue() == value);
    }

    /** A float's shortest digits that read back to it as a float. */
    public static String number(float value) {
        return shortest(value, value == 0 && 1 / value < 0, digits -> digits.floatValue() == value);
    }

    /**
     * The decimal with the fewest significant digits that reads back to {@code value}, the closest of
     * them; where one digit would do, the closest of one or two (so 4.9E-324, not 5E-324, as Java's
     * Double.toString has it since Java 19). Written plain with at least one decimal from 10^-3 to 10^7,
     * else as d.dddEn.
     */
    private static String shortest(double value, boolean negativeZero, Predicate<BigDecimal> readsBack) {
        if (value == 0) {
            return negativeZero ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        int digits = 1;
        while (!readsBack.test(exact.round(new MathContext(digits, RoundingMode.HALF_EVEN)))) {
            digits++;
        }
        BigDecimal shortest = exact.round(new MathContext(Math.max(digits, 2), RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String sign = shortest.signum() < 0 ? "-" : "";
        BigDecimal magnitude = shortest.abs();
        if (magnitude.compareTo(new BigDecimal("0.001")) >= 0 && magnitude.compareTo(BigDecimal.TEN.pow(7)) < 0) {
            String plain = magnitude.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String significand = magnitude.unscaledValue().toString();
        int exponent = significand.length() - 1 - magnitude.scale();
        return sign + significand.charAt(0) + "." + (significand.length() > 1 ? significand.substring(1) : "0") + "E" + exponent;
    }

    /**
     * A wall-clock time as ISO 8601: YYYY-MM-DD, T, HH:MM:SS, and the fraction's digits without trailing
     * zeros; a year past 9999 with a + and one before year 1 (year 0 is 1 BC) with a - and four digits.
     */
    public static String timestamp(LocalDateTime time) {
        int year = time.getYear();
        String fraction = time.getNano() == 0 ? ""
                : "." + BigDecimal.valueOf(time.getNano(), 9).stripTrailingZeros().toPlainString().substring("0.".length());
        return (year > 9999 ? "+" + year : year < 0 ? "-" + "%04d".formatted(-year) : "%04d".formatted(year))
                + "-%02d-%02dT%02d:%02d:%02d".formatted(time.getMonthValue(), time.getDayOfMonth(), time.getHour(), time.getMinute(),
                time.getSecond()) + fraction;
    }

    /** A moment as ISO 8601 in UTC: its wall-clock time there, and Z. */
    public static String moment(Instant moment) {
        return timestamp(LocalDateTime.ofInstant(moment, ZoneOffset.UTC)) + "Z";
    }
}
