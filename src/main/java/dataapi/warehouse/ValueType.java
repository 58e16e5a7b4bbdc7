package dataapi.warehouse;

import java.sql.Types;

import static java.util.Objects.requireNonNull;

/**
 * The type the warehouse gives one value of a query, a {@code ?} marker, as it prepares it with no
 * value bound: what it will convert the value it is sent to.
 *
 * @param jdbcType its {@link java.sql.Types} code; {@link Types#OTHER} for one the driver does not say
 * @param typeName the warehouse's name for it
 */
public record ValueType(int jdbcType, String typeName) {
    /** A value whose type the driver does not say. */
    public static final ValueType UNTOLD = new ValueType(Types.OTHER, "unknown");

    public ValueType {
        requireNonNull(typeName, "typeName is null");
    }
}
