package dataapi.endpoint;

import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One column of an endpoint's result: its JSON key (UPPER CASE, as Snowflake returns it,
 * whatever the engine), how its values are written, whether one may be null, and, for a report's,
 * what of its table it is, which a refusal of the table names (a declared endpoint's SQL says it).
 */
public record Column(String name, Type type, boolean nullable, Optional<String> source) {
    public enum Type {
        /** A JSON integer. */
        INTEGER,
        /** A JSON string. */
        STRING,
        /** A JSON number with exactly two decimal places, never a binary float. */
        MONEY,
        /** A JSON number with the digits the warehouse returns, never a binary-float rounding. */
        DECIMAL,
        /** A JSON number with the shortest digits that read back to the warehouse's binary float. */
        DOUBLE,
        /** JSON true or false. */
        BOOLEAN,
        /** A JSON string, ISO 8601: a wall-clock time as it is, a moment in UTC with a Z. */
        TIMESTAMP;

        /** The type's name in an endpoints file and on the test page. */
        public String declaredName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(source, "source is null");
    }

    public Column(String name, Type type, boolean nullable) {
        this(name, type, nullable, Optional.empty());
    }

    /** A column whose values are never null. */
    public Column(String name, Type type) {
        this(name, type, false);
    }

    /** This column, said to be {@code source} of the table, e.g. {@code the sum of o_totalprice}. */
    public Column from(String source) {
        return new Column(name, type, nullable, Optional.of(source));
    }
}
