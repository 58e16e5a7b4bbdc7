package dataapi.warehouse;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a query would return, as the warehouse describes it when it prepares it.
 *
 * @param columns its result columns, in order
 */
public record QueryDescription(List<Column> columns) {
    public QueryDescription {
        columns = List.copyOf(columns);
    }

    /**
     * @param label the column's label as the driver gives it
     * @param jdbcType its {@link java.sql.Types} code
     * @param typeName the warehouse's name for its type
     * @param scale its digits after the decimal point, where that applies
     */
    public record Column(String label, int jdbcType, String typeName, int scale) {
        public Column {
            requireNonNull(label, "label is null");
            requireNonNull(typeName, "typeName is null");
        }
    }
}
