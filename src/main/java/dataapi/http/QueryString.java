package dataapi.http;

import dataapi.endpoint.BadRequestException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A request's query parameters, read straight from the raw query string as forms encode it ({@code +}
 * is a space, {@code %XX} a byte of UTF-8). A parameter given twice is ambiguous, and one whose
 * name or value has broken percent-encoding or bytes that are not UTF-8 cannot be read: both are
 * refused, never guessed or taken as absent.
 * Reading only the parameter asked for, rather than a map of them all, keeps a cached answer's
 * request from building one. Percent-encoded bytes are always UTF-8, as RFC 3986 has it for new
 * URIs, whatever charset a request's {@code Content-Type} names: a GET has no body for it to
 * describe, and a bogus one must not change what the parameters say.
 */
final class QueryString {
    private static final char REPLACEMENT = '\uFFFD';

    private QueryString() {
    }

    /** The value of {@code name} in {@code query} (the raw query string, or null), or null when absent. */
    static String single(String query, String name) {
        if (query == null) {
            return null;
        }
        String value = null;
        int given = 0;
        boolean undecodable = false;
        for (int start = 0, end; start < query.length(); start = end + 1) {
            end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', start);
            int nameEnd = equals >= 0 && equals < end ? equals : end;
            if (!isName(query, start, nameEnd, name)) {
                continue;
            }
            given++;
            value = nameEnd == end ? "" : decoded(query, nameEnd + 1, end);
            undecodable |= value == null;
        }
        if (undecodable) {
            throw new BadRequestException(undecodable(name));
        }
        if (given > 1) {
            throw new BadRequestException(givenTwice(name));
        }
        return value;
    }

    /** The answer to a query parameter whose percent-encoding is broken, or whose bytes are not UTF-8. */
    static String undecodable(String name) {
        return "Parameter " + name + " is not valid percent-encoded UTF-8.";
    }

    /** The answer to a query parameter given more than once. */
    static String givenTwice(String name) {
        return "Parameter " + name + " was given more than once.";
    }

    /** The answer to a query string with a parameter name that cannot be read: it may be any parameter's. */
    static String undecodableName() {
        return "A query parameter's name is not valid percent-encoded UTF-8.";
    }

    /**
     * Whether the text from {@code start} to {@code end} is {@code name}, as it is or once decoded.
     *
     * @throws BadRequestException when it cannot be decoded
     */
    private static boolean isName(String query, int start, int end, String name) {
        if (end - start == name.length() && query.regionMatches(start, name, 0, name.length())) {
            return true;
        }
        boolean encoded = false;
        for (int i = start; i < end && !encoded; i++) {
            char c = query.charAt(i);
            encoded = c == '%' || c == '+' || c == REPLACEMENT;
        }
        if (!encoded) {
            return false;
        }
        String decoded = decoded(query, start, end);
        if (decoded == null) {
            throw new BadRequestException(undecodableName());
        }
        return name.equals(decoded);
    }

    /**
     * The text from {@code start} to {@code end} decoded, or null when its percent-encoding is broken
     * or its bytes are not UTF-8 (such as {@code %FF}, or a raw 0xFF): {@link java.net.URLDecoder}
     * would put U+FFFD in their place, a value the client never sent.
     */
    private static String decoded(String query, int start, int end) {
        String raw = query.substring(start, end);
        // A raw U+FFFD stands for bytes of the request line that were not UTF-8, replaced as Jetty read
        // them: a URI carries other characters percent-encoded (RFC 3986), so no client that follows it sends one.
        if (raw.indexOf(REPLACEMENT) >= 0) {
            return null;
        }
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
                int low = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int plainEnd = i;
                while (plainEnd < raw.length() && raw.charAt(plainEnd) != '%' && raw.charAt(plainEnd) != '+') {
                    plainEnd++;
                }
                bytes.writeBytes(raw.substring(i, plainEnd).getBytes(StandardCharsets.UTF_8));
                i = plainEnd;
            }
        }
        try {
            // A new decoder reports malformed input rather than replacing it.
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would take other scripts' digits too). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
