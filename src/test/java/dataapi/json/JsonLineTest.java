package dataapi.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines read back by Jackson's parser, which knows JSON independently of the writer. */
class JsonLineTest {
    private static final long SEED = Long.getLong("dataapi.seed", System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anyStringReadsBackAsItWasOnOneLine() throws Exception {
        Random random = new Random(SEED);
        // Control characters, quotes, backslashes, slashes, ASCII, Latin, an astral symbol's surrogates, line separators.
        String alphabet = "\u0000\u0001\u0008\t\n\u000b\f\r\u001f\"\\/ aZ09{}:,é€\ud83d\ude00\u2028\u2029\u007f";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String line = new JsonLine().string("key", value.toString()).toString();
            assertThat(line).as("seed %d", SEED).doesNotContain("\n", "\r");
            assertThat(JSON.readTree(line).get("key").textValue()).as("seed %d: %s", SEED, line).isEqualTo(value.toString());
        }
    }

    @Test
    void fieldsKeepTheirOrderAndNullsAreJsonNulls() throws Exception {
        String line = new JsonLine().string("a", "x").string("b", null).number("c", -42).number("d", OptionalInt.empty())
                .number("e", OptionalInt.of(7)).numberText("f", "12.05").numberText("g", null).toString();

        JsonNode node = JSON.readTree(line);
        assertThat(node.fieldNames()).toIterable().containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(node.get("a").textValue()).isEqualTo("x");
        assertThat(node.get("b").isNull()).isTrue();
        assertThat(node.get("c").longValue()).isEqualTo(-42);
        assertThat(node.get("d").isNull()).isTrue();
        assertThat(node.get("e").intValue()).isEqualTo(7);
        assertThat(node.get("f").decimalValue()).isEqualByComparingTo("12.05");
        assertThat(node.get("g").isNull()).isTrue();
    }

    @Test
    void anEmptyLineIsAnEmptyObjectAndReadingTwiceGivesTheSameLine() throws Exception {
        assertThat(JSON.readTree(new JsonLine().toString()).isEmpty()).isTrue();
        JsonLine line = new JsonLine().number("n", 1);
        assertThat(line.toString()).isEqualTo(line.toString());
    }
}
