package dataapi.endpoint;

import static java.util.Objects.requireNonNull;

/**
 * One column of an endpoint's result: its JSON key (UPPER CASE, as Snowflake returns it,
 * whatever the engine), how its values are written, and whether one may be null.
 */
public record Column(String name, Type type, boolean nullable) {
    public enum Type {
        /** A JSON integer. */
        INTEGER,
        /** A JSON string. */
        STRING,
        /** A JSON number with exactly two decimal places, never a binary float. */
        MONEY,
        /** A JSON number with the digits the warehouse returns, never a binary-float rounding. */
        DECIMAL
    }

    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    /** A column whose values are never null. */
    public Column(String name, Type type) {
        this(name, type, false);
    }
}
