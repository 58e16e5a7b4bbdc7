package dataapi.warehouse;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB could not convert a column's value as a query with values ran: it converts a column compared with a
 * value of another type to the value's type, so that {@code o_clerk = :n} with an {@code integer} n reads
 * the clerks' names as numbers and fails whatever the value. The SQL's doing, never the request's, and one
 * the start cannot see: DuckDB types the marker as the column's text, as it does a {@code CAST(:n AS VARCHAR)},
 * and its plan shows the column's CAST only for the values and the statistics it is made with.
 */
public final class ColumnNotConvertedException extends SQLException {
    /** DuckDB's own text after the value it quotes: {@code ... to INT64 when casting from source column o_clerk}. */
    private static final Pattern SOURCE_COLUMN = Pattern.compile(" when casting from source column (\\S+)");

    private ColumnNotConvertedException(SQLException failure, String column) {
        super("its SQL compares column " + column + " with a value of another type, which the warehouse converts the column's values to,"
                + " and one did not convert: declare the parameter of the column's type, or CAST it in the SQL ("
                + String.valueOf(failure.getMessage()).lines().findFirst().orElse("") + ")", failure.getSQLState(), failure);
    }

    /** {@code failure}, met as a query with values ran, as this when it is DuckDB's conversion error naming a column; else empty. */
    public static Optional<ColumnNotConvertedException> of(SQLException failure) {
        return column(String.valueOf(failure.getMessage())).map(column -> new ColumnNotConvertedException(failure, column));
    }

    /** The column a DuckDB conversion error names as the source of the value it could not convert. */
    static Optional<String> column(String message) {
        Matcher source = SOURCE_COLUMN.matcher(ValuesRefusedException.duckDbsOwnText(message));
        return message.startsWith("Conversion Error:") && source.find() ? Optional.of(source.group(1)) : Optional.empty();
    }
}
