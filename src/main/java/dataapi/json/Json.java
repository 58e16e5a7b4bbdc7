package dataapi.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dataapi.endpoint.Column;
import dataapi.warehouse.InfiniteTimestampException;
import dataapi.warehouse.TimestampColumn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The server's JSON: result rows written straight from the driver, and error bodies. */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Schubfach's shortest digits on any Java: Java 17's Double.toString writes 1.0E23 as 9.999999999999999E22.
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    /**
     * What a timestamp is written as: ISO 8601's date, T, and time to the second, then the fraction's
     * digits without trailing zeros, none for a whole second. A year past 9999 has a + and all its
     * digits, one before year 1 (year 0 is 1 BC) a - and at least four.
     */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter(Locale.ROOT);
    /** The text {@link #TIMESTAMP} writes, a Z after it for a moment, as the API description gives it. */
    public static final String TIMESTAMP_PATTERN = "^(?:\\d{4}|\\+\\d{5,}|-\\d{4,})-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z?$";
    /** The JDBC types an integer column is read from as a long; any other (a decimal of scale 0) is read exactly. */
    private static final Set<Integer> INTEGRAL_TYPES = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);
    /** The values of PostgreSQL's numeric that are no number, as its driver gives them as text. */
    private static final Set<String> NOT_NUMBERS = Set.of("NaN", "Infinity", "-Infinity");

    private Json() {
    }

    /** A JSON array of result rows, and how many rows it holds. */
    public record Rows(byte[] body, int count) {
    }

    /**
     * Writes {@code rows} as an array of objects keyed by {@code columns}, read by position, so the
     * body depends only on the values, never on the case of the engine's column labels or on their
     * types. The result must have the columns, by label in any case and in order: a declared
     * endpoint's table may have changed since its SQL was checked (a {@code SELECT *} over columns
     * since reordered), and its values would be written under the wrong names.
     *
     * @throws ResultNotAsDeclaredException when the result has other columns, or a value its column's type would change
     * @throws ResultTooLargeException once the body is longer than {@code maxBytes}; the rows not
     *                                 yet read are left unread
     */
    public static Rows rows(ResultSet rows, List<Column> columns, long maxBytes) throws SQLException {
        ResultSetMetaData metaData = rows.getMetaData();
        requireColumns(metaData, columns);
        ValueWriter[] writers = writers(rows, columns);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        int count = 0;
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartArray();
            while (rows.next()) {
                count++;
                json.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    json.writeFieldName(columns.get(i).name());
                    writers[i].write(json, rows, i + 1);
                }
                json.writeEndObject();
                if (out.size() + json.getOutputBuffered() >= maxBytes) {
                    throw new ResultTooLargeException(maxBytes);
                }
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rows(out.toByteArray(), count);
    }

    private static void requireColumns(ResultSetMetaData metaData, List<Column> columns) throws SQLException {
        boolean same = metaData.getColumnCount() == columns.size();
        for (int i = 0; same && i < columns.size(); i++) {
            same = columns.get(i).name().equalsIgnoreCase(metaData.getColumnLabel(i + 1));
        }
        if (!same) {
            List<String> returned = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                returned.add(metaData.getColumnLabel(i).toUpperCase(Locale.ROOT));
            }
            throw new ResultNotAsDeclaredException("the query returned the columns " + returned + ", but the endpoint declares "
                    + columns.stream().map(Column::name).toList());
        }
    }

    /** How each column's values are read and written. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(JsonGenerator json, ResultSet rows, int index) throws SQLException, IOException;
    }

    private static ValueWriter[] writers(ResultSet result, List<Column> columns) throws SQLException {
        ResultSetMetaData metaData = result.getMetaData();
        ValueWriter[] writers = new ValueWriter[columns.size()];
        for (int i = 0; i < writers.length; i++) {
            Column column = columns.get(i);
            writers[i] = switch (column.type()) {
                // A decimal of scale 0 (Snowflake's NUMBER(38,0), PostgreSQL's numeric) may hold more than a long:
                // it is written with its exact digits, where getLong would wrap around or fail.
                case INTEGER -> INTEGRAL_TYPES.contains(metaData.getColumnType(i + 1)) ? Json::writeLong
                        : decimal(column, value -> atScale(value, 0, column, "a fraction"));
                case STRING -> (json, rows, index) -> json.writeString(rows.getString(index));
                // Sums of DECIMAL(15,2) are exact; the scale only varies by engine (e.g. 38,2 or 18,2).
                case MONEY -> decimal(column, value -> atScale(value, 2, column, "more than two decimal places"));
                case DECIMAL -> decimal(column, value -> value);
                case DOUBLE -> (json, rows, index) -> writeDouble(json, rows, index, column);
                case BOOLEAN -> Json::writeBoolean;
                case TIMESTAMP -> timestamp(TimestampColumn.of(result, i + 1), column);
            };
        }
        return writers;
    }

    private static void writeLong(JsonGenerator json, ResultSet rows, int index) throws SQLException, IOException {
        long value = rows.getLong(index);
        if (rows.wasNull()) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }

    /** Writes a decimal column's value as {@code exact} makes it. */
    private static ValueWriter decimal(Column column, UnaryOperator<BigDecimal> exact) {
        return (json, rows, index) -> {
            BigDecimal value;
            try {
                value = rows.getBigDecimal(index);
            } catch (SQLException e) {
                // PostgreSQL's numeric also holds NaN and the infinities, for which its driver has no BigDecimal.
                String text = rows.getString(index);
                if (NOT_NUMBERS.contains(text)) {
                    throw unwritable(column, "a value is " + text + ", which JSON has no number for");
                }
                throw e;
            }
            if (value == null) {
                json.writeNull();
            } else {
                json.writeNumber(exact.apply(value));
            }
        };
    }

    /**
     * {@code value} with {@code scale} decimal places, as its column's type writes it; one that rounding
     * would change (it has {@code more}) is a failure of the column's declaration.
     */
    private static BigDecimal atScale(BigDecimal value, int scale, Column column, String more) {
        try {
            return value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw unwritable(column, "a value has " + more + ": declare it decimal");
        }
    }

    /**
     * A binary float as the shortest digits that read back to it: a REAL's (PostgreSQL's float4, DuckDB's
     * FLOAT) as the float it is, 0.1 and not the 0.10000000149011612 of its double; a decimal's or an
     * integer's as its nearest double. NaN and the infinities have no JSON number.
     */
    private static void writeDouble(JsonGenerator json, ResultSet rows, int index, Column column) throws SQLException, IOException {
        Object value = rows.getObject(index);
        if (value == null) {
            json.writeNull();
            return;
        }
        double number = ((Number) value).doubleValue();
        if (!Double.isFinite(number)) {
            throw unwritable(column, "a value is " + (Double.isNaN(number) ? "NaN" : "infinite as a double") + ", which JSON has no number for");
        }
        if (value instanceof Float single) {
            json.writeNumber(single.floatValue());
        } else {
            json.writeNumber(number);
        }
    }

    private static void writeBoolean(JsonGenerator json, ResultSet rows, int index) throws SQLException, IOException {
        boolean value = rows.getBoolean(index);
        if (rows.wasNull()) {
            json.writeNull();
        } else {
            json.writeBoolean(value);
        }
    }

    /** Writes a timestamp as {@link #TIMESTAMP} does, a moment in UTC with a Z; an infinity has no ISO 8601 text. */
    private static ValueWriter timestamp(TimestampColumn timestamps, Column column) {
        return (json, rows, index) -> {
            Instant value;
            try {
                value = timestamps.read(rows);
            } catch (InfiniteTimestampException e) {
                throw unwritable(column, "a value is " + e.which() + ", which ISO 8601 has no text for");
            }
            if (value == null) {
                json.writeNull();
                return;
            }
            json.writeString(TIMESTAMP.format(value.atOffset(ZoneOffset.UTC)) + (timestamps.zoned() ? "Z" : ""));
        };
    }

    /** A value of {@code column} its type cannot write, {@code why}: a failure of the column's declaration. */
    private static ResultNotAsDeclaredException unwritable(Column column, String why) {
        return new ResultNotAsDeclaredException("column " + column.name() + " is " + column.type().declaredName() + ", but " + why);
    }

    /** {@code {"error": message}}. */
    public static byte[] error(String message) {
        return object("error", message);
    }

    /** A one-field object with a string value. */
    public static byte[] object(String key, String value) {
        return object(json -> json.writeStringField(key, value));
    }

    /** What {@link #object(Fields)} writes between an object's braces. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /** An object of the members {@code fields} writes. */
    public static byte[] object(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
