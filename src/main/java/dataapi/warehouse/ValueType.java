package dataapi.warehouse;

import java.sql.Types;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The type the warehouse gives one value of a query: a {@code ?} marker's, as it prepares it with no
 * value bound (what it will convert the value it is sent to), or a result column's.
 *
 * @param jdbcType its {@link java.sql.Types} code; {@link Types#OTHER} for one the driver does not say
 * @param typeName the warehouse's name for it
 */
public record ValueType(int jdbcType, String typeName) {
    /** A value whose type the driver does not say. */
    public static final ValueType UNTOLD = new ValueType(Types.OTHER, "unknown");
    /**
     * The type names of timestamps with time zone that their drivers report as {@link Types#TIMESTAMP}:
     * PostgreSQL's timestamptz, and Snowflake's TIMESTAMP_LTZ (TIMESTAMPLTZ), and its TIMESTAMP_TZ
     * (TIMESTAMPTZ) where ENABLE_RETURN_TIMESTAMP_WITH_TIMEZONE is off. DuckDB's, and Snowflake's
     * TIMESTAMP_TZ otherwise, are {@link Types#TIMESTAMP_WITH_TIMEZONE}.
     */
    private static final Set<String> ZONED_AS_TIMESTAMP = Set.of("timestamptz", "timestampltz");

    public ValueType {
        requireNonNull(typeName, "typeName is null");
    }

    /** Whether it is a timestamp with time zone, a moment rather than a wall-clock time, by whatever code its driver gives it. */
    public boolean isTimestampWithTimeZone() {
        return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE
                || (jdbcType == Types.TIMESTAMP && ZONED_AS_TIMESTAMP.contains(typeName.toLowerCase(Locale.ROOT)));
    }
}
