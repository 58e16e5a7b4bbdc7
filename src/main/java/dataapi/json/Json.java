package dataapi.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dataapi.endpoint.Column;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The server's JSON: result rows written straight from the driver, and error bodies. */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** The JDBC types an integer column is read from as a long; any other (a decimal of scale 0) is read exactly. */
    private static final Set<Integer> INTEGRAL_TYPES = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);

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
        ValueWriter[] writers = writers(metaData, columns);
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

    private static ValueWriter[] writers(ResultSetMetaData metaData, List<Column> columns) throws SQLException {
        ValueWriter[] writers = new ValueWriter[columns.size()];
        for (int i = 0; i < writers.length; i++) {
            Column column = columns.get(i);
            writers[i] = switch (column.type()) {
                // A decimal of scale 0 (Snowflake's NUMBER(38,0), PostgreSQL's numeric) may hold more than a long:
                // it is written with its exact digits, where getLong would wrap around or fail.
                case INTEGER -> INTEGRAL_TYPES.contains(metaData.getColumnType(i + 1)) ? Json::writeLong
                        : decimal(value -> atScale(value, 0, column, "a fraction"));
                case STRING -> (json, rows, index) -> json.writeString(rows.getString(index));
                // Sums of DECIMAL(15,2) are exact; the scale only varies by engine (e.g. 38,2 or 18,2).
                case MONEY -> decimal(value -> atScale(value, 2, column, "more than two decimal places"));
                case DECIMAL -> decimal(value -> value);
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
    private static ValueWriter decimal(UnaryOperator<BigDecimal> exact) {
        return (json, rows, index) -> {
            BigDecimal value = rows.getBigDecimal(index);
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
            throw new ResultNotAsDeclaredException("column " + column.name() + " is " + column.type().name().toLowerCase(Locale.ROOT)
                    + ", but a value has " + more + ": declare it decimal");
        }
    }

    /** {@code {"error": message}}. */
    public static byte[] error(String message) {
        return object("error", message);
    }

    /** A one-field object with a string value. */
    public static byte[] object(String key, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(key, value);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
