package dataapi.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A JSON object assembled in code, its members in the order they were put, written once with
 * Jackson's streaming generator: for documents built from parts that refer to each other
 * (OpenAPI's), without the data-binding library and its few hundred classes in the server.
 * Values are strings, integers ({@code long} or {@code int}), exact decimals ({@link BigDecimal}),
 * booleans, {@link JsonObject}s and {@link JsonArray}s.
 */
public final class JsonObject {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Map<String, Object> members = new LinkedHashMap<>();

    /** Sets a member, replacing one of the same name in its place. */
    public JsonObject put(String name, Object value) {
        members.put(requireNonNull(name, "name is null"), checked(value));
        return this;
    }

    /** A new empty object as the member {@code name}. */
    public JsonObject putObject(String name) {
        JsonObject child = new JsonObject();
        put(name, child);
        return child;
    }

    /** A new empty array as the member {@code name}. */
    public JsonArray putArray(String name) {
        JsonArray child = new JsonArray();
        put(name, child);
        return child;
    }

    public boolean has(String name) {
        return members.containsKey(name);
    }

    /** The member {@code name}, which must be an object. */
    public JsonObject object(String name) {
        if (!(members.get(name) instanceof JsonObject child)) {
            throw new IllegalArgumentException("no object member " + name);
        }
        return child;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Object checked(Object value) {
        requireNonNull(value, "value is null");
        if (!(value instanceof String || value instanceof Long || value instanceof Integer || value instanceof BigDecimal || value instanceof Boolean
                || value instanceof JsonObject || value instanceof JsonArray)) {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
        return value;
    }

    static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof JsonObject object) {
            json.writeStartObject();
            for (Map.Entry<String, Object> member : object.members.entrySet()) {
                json.writeFieldName(member.getKey());
                write(json, member.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof JsonArray array) {
            json.writeStartArray();
            for (Object item : array.items()) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof BigDecimal decimal) {
            // Its digits as written, without an exponent.
            json.writeNumber(decimal.toPlainString());
        } else {
            json.writeNumber(((Number) value).longValue());
        }
    }
}
