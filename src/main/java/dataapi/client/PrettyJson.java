package dataapi.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * JSON as the clients show it: indented by 2 as Python's {@code json.dumps(..., indent=2)} prints it, and its values as
 * text, each number as the body writes it ({@code 1.0E23}, {@code -0.0}, a decimal's every digit). Read as a number, it
 * would be written back otherwise: {@code 1.0E23} as {@code 1.0E+23} or as 24 digits, and {@code -0.0} as {@code 0.0}, as
 * a decimal has no negative zero.
 */
public final class PrettyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private PrettyJson() {
    }

    /** The body indented, or empty when it is not JSON. */
    public static Optional<String> indent(String body) {
        return read(body).map(json -> {
            try {
                return MAPPER.writer(PRINTER).writeValueAsString(json);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The body as a tree whose numbers are their text in it, or empty when it is not one JSON value. */
    public static Optional<JsonNode> read(String body) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            JsonNode json = value(parser);
            return parser.nextToken() == null ? Optional.of(json) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A value of a tree {@link #read} made, as text: a number as the body writes it, a string itself, null and a missing value none. */
    public static String text(JsonNode value) {
        if (value instanceof POJONode number && number.getPojo() instanceof RawValue text) {
            return String.valueOf(text.rawValue());
        }
        return value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    /** The value at the parser's current token, to its end; a number as its text, written back as it is. */
    private static JsonNode value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.rawValueNode(new RawValue(parser.getText()));
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("not a JSON value: " + parser.currentToken());
        };
    }
}
