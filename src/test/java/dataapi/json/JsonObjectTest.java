package dataapi.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JsonObject} and {@link JsonArray}, read back by Jackson's own parser. */
class JsonObjectTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void everyKindOfValueReadsBackAsBuilt() throws Exception {
        JsonObject document = new JsonObject().put("text", "quote \" backslash \\ newline \n tab \t é")
                .put("long", Long.MIN_VALUE).put("int", 42).put("yes", true).put("no", false);
        JsonArray array = document.putArray("array").add("a").add(7L);
        array.addObject().put("nested", "deep").putArray("empty");
        document.putObject("object").put("$ref", "#/components/schemas/Error");

        ObjectNode expected = JACKSON.createObjectNode().put("text", "quote \" backslash \\ newline \n tab \t é")
                .put("long", Long.MIN_VALUE).put("int", 42).put("yes", true).put("no", false);
        ObjectNode nested = expected.putArray("array").add("a").add(7).addObject().put("nested", "deep");
        nested.putArray("empty");
        expected.putObject("object").put("$ref", "#/components/schemas/Error");

        JsonNode actual = JACKSON.readTree(document.toBytes());
        assertThat(actual).isEqualTo(expected);
        assertThat(List.of(actual.fieldNames().next(), actual.get("array").get(2).get("nested").asText())).containsExactly("text", "deep");
    }

    @Test
    void membersKeepTheOrderTheyWerePutInAndAReplacementItsPlace() throws Exception {
        JsonObject object = new JsonObject().put("b", 1).put("a", 2).put("c", 3).put("a", "again");

        assertThat(new String(object.toBytes(), UTF_8)).isEqualTo("{\"b\":1,\"a\":\"again\",\"c\":3}");
        assertThat(object.putObject("d").put("e", 1)).isSameAs(object.object("d"));
    }

    @Test
    void onlyJsonValuesAreTaken() {
        assertThatThrownBy(() -> new JsonObject().put("x", 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonArray().add(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonObject().put("x", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JsonObject().put("x", 1).object("x")).isInstanceOf(IllegalArgumentException.class);
    }
}
