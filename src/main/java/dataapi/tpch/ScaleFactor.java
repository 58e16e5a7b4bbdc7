package dataapi.tpch;

import java.math.BigDecimal;

import static java.util.Objects.requireNonNull;

/**
 * A TPC-H scale factor: 1 means 1,500,000 orders; allowed from 0.01 to 100, whole from 1 on and in
 * thousandths below, the scale factors dbgen reads as given (it reads 1.5 as 1, and 0.0125 as 0.012).
 */
public record ScaleFactor(BigDecimal value) {
    public static final BigDecimal MIN = new BigDecimal("0.01");
    public static final BigDecimal MAX = new BigDecimal("100");
    private static final long ORDERS_PER_UNIT = 1_500_000L;
    private static final long CUSTOMERS_PER_UNIT = 150_000L;
    private static final long PARTS_PER_UNIT = 200_000L;
    private static final long CLERKS_PER_UNIT = 1_000L;

    public ScaleFactor {
        requireNonNull(value, "value is null");
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("scale factor must be between 0.01 and 100, got " + value.toPlainString());
        }
        value = value.stripTrailingZeros();
        if (value.compareTo(BigDecimal.ONE) >= 0 && value.scale() > 0) {
            throw new IllegalArgumentException("scale factor must be a whole number from 1 on, as dbgen reads it, got " + value.toPlainString());
        }
        if (value.scale() > 3) {
            throw new IllegalArgumentException("scale factor below 1 must be in thousandths, as dbgen reads it, got " + value.toPlainString());
        }
    }

    /** Parses "1", "0.01", "10"; rejects anything else with a message fit for a command line. */
    public static ScaleFactor parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        return new ScaleFactor(value);
    }

    public double asDouble() {
        return value.doubleValue();
    }

    /** The row count dbgen produces for ORDERS at this scale. */
    public long orderCount() {
        return rows(ORDERS_PER_UNIT);
    }

    /** The row count dbgen produces for CUSTOMER at this scale, which is also the largest customer key. */
    public long customerCount() {
        return rows(CUSTOMERS_PER_UNIT);
    }

    /** The row count dbgen produces for PART at this scale, which is also the largest part key. */
    public long partCount() {
        return rows(PARTS_PER_UNIT);
    }

    /** How many clerks dbgen draws orders' clerks from: a thousand a whole scale, and a thousand below 1. */
    public long clerkCount() {
        return CLERKS_PER_UNIT * Math.max(1, value.longValue());
    }

    /**
     * A table's rows at this scale, {@code perUnit} at scale 1, as dbgen's driver counts them: times the
     * scale from 1 on; below it, times the thousandths it takes from the scale in doubles ({@code (int)
     * (1000 * sf)}), then divided by 1000 in whole numbers. io.trino.tpch multiplies in doubles instead,
     * which at some scales gives a row less (0.29: 434,999 orders where dbgen makes 435,000).
     */
    private long rows(long perUnit) {
        if (value.compareTo(BigDecimal.ONE) >= 0) {
            return perUnit * value.longValueExact();
        }
        return perUnit * (int) (1000 * asDouble()) / 1000;
    }

    /** A name fragment such as {@code sf1} or {@code sf0.01}. */
    public String label() {
        return "sf" + value.toPlainString();
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
