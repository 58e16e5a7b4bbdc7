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
import java.sql.SQLException;
import java.util.List;

/** The server's JSON: result rows written straight from the driver, and error bodies. */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Json() {
    }

    /** A JSON array of result rows, and how many rows it holds. */
    public record Rows(byte[] body, int count) {
    }

    /**
     * Writes {@code rows} as an array of objects keyed by {@code columns}, read by position, so the
     * body depends only on the values, never on the engine's column labels or types.
     */
    public static Rows rows(ResultSet rows, List<Column> columns) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        int count = 0;
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartArray();
            while (rows.next()) {
                count++;
                json.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    Column column = columns.get(i);
                    json.writeFieldName(column.name());
                    writeValue(json, rows, i + 1, column);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rows(out.toByteArray(), count);
    }

    private static void writeValue(JsonGenerator json, ResultSet rows, int index, Column column) throws SQLException, IOException {
        switch (column.type()) {
            case INTEGER -> {
                long value = rows.getLong(index);
                if (rows.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case STRING -> json.writeString(rows.getString(index));
            case MONEY -> {
                BigDecimal value = rows.getBigDecimal(index);
                if (value == null) {
                    json.writeNull();
                } else {
                    // Sums of DECIMAL(15,2) are exact; the scale only varies by engine (e.g. 38,2 or 18,2).
                    json.writeNumber(cents(value, column));
                }
            }
            case DECIMAL -> {
                BigDecimal value = rows.getBigDecimal(index);
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
        }
    }

    /** A money value with two decimal places; one with more, which rounding would change, is a failure of its column's declaration. */
    private static BigDecimal cents(BigDecimal value, Column column) {
        try {
            return value.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalStateException("column " + column.name() + " is money, but a value has more than two decimal places: declare it decimal");
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
