package dataapi.endpoint;

import static java.util.Objects.requireNonNull;

/**
 * One column of an endpoint's result: its JSON key (UPPER CASE, as Snowflake returns it,
 * whatever the engine) and how its values are written.
 */
public record Column(String name, Type type) {
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
}
