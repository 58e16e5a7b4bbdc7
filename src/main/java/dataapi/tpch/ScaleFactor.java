package dataapi.tpch;

import java.math.BigDecimal;

import static java.util.Objects.requireNonNull;

/** A TPC-H scale factor: 1 means 1,500,000 orders; allowed from 0.01 to 100. */
public record ScaleFactor(BigDecimal value) {
    public static final BigDecimal MIN = new BigDecimal("0.01");
    public static final BigDecimal MAX = new BigDecimal("100");
    private static final long ORDERS_PER_UNIT = 1_500_000L;
    private static final long CUSTOMERS_PER_UNIT = 150_000L;

    public ScaleFactor {
        requireNonNull(value, "value is null");
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("scale factor must be between 0.01 and 100, got " + value.toPlainString());
        }
        value = value.stripTrailingZeros();
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

    /**
     * The row count dbgen produces for ORDERS at this scale. dbgen (and trino-tpch) multiply in
     * doubles and truncate, so some scales give one row less than their decimal product: 0.29 gives
     * 434,999.
     */
    public long orderCount() {
        return (long) (ORDERS_PER_UNIT * asDouble());
    }

    /** The row count dbgen produces for CUSTOMER at this scale, which is also the largest customer key; in doubles too. */
    public long customerCount() {
        return (long) (CUSTOMERS_PER_UNIT * asDouble());
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
