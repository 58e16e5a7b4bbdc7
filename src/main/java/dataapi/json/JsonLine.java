package dataapi.json;

import java.util.OptionalInt;

/**
 * One JSON object on one line, written field by field into a string, for log lines: a generator and
 * its buffers per line cost a request on the cached path more than its answer. Strings are escaped
 * as JSON requires (quote, backslash and control characters); other characters are kept as they are.
 */
public final class JsonLine {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Room for a whole access-log line (about 300 characters), so that the text is not copied as it grows. */
    private static final int CAPACITY = 512;

    private final StringBuilder text = new StringBuilder(CAPACITY).append('{');

    /** A string field; {@code null} is written as JSON's null. */
    public JsonLine string(String name, String value) {
        name(name);
        if (value == null) {
            text.append("null");
        } else {
            quoted(value);
        }
        return this;
    }

    public JsonLine number(String name, long value) {
        name(name);
        text.append(value);
        return this;
    }

    /** A whole number, or JSON's null when there is none. */
    public JsonLine number(String name, OptionalInt value) {
        return numberText(name, value.isPresent() ? Integer.toString(value.getAsInt()) : null);
    }

    /** A number already written as JSON's number text, e.g. {@code 12.05}; {@code null} is written as JSON's null. */
    public JsonLine numberText(String name, String value) {
        name(name);
        text.append(value == null ? "null" : value);
        return this;
    }

    /** The object, closed. */
    @Override
    public String toString() {
        String line = text.append('}').toString();
        text.setLength(text.length() - 1);
        return line;
    }

    private void name(String name) {
        if (text.length() > 1) {
            text.append(',');
        }
        quoted(name);
        text.append(':');
    }

    private void quoted(String value) {
        text.append('"');
        // Most values need no escape: their plain start is copied at once, the rest char by char.
        int plain = 0;
        while (plain < value.length() && value.charAt(plain) >= 0x20 && value.charAt(plain) != '"' && value.charAt(plain) != '\\') {
            plain++;
        }
        text.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
