package dataapi.http;

import io.javalin.http.Context;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * Refuses a request body in a charset this server cannot read, before a route reads it: Javalin
 * decodes form fields with the charset the {@code Content-Type} names, and fails with a 500 on a
 * name it does not know or a {@code charset} without a value. Only bodies are read in a charset,
 * so only requests that carry one (POST here) are checked; query strings are always UTF-8
 * ({@link QueryString}).
 */
final class BodyCharset {
    static final String UNREADABLE = "The Content-Type names a charset this server cannot read; send UTF-8.";

    private BodyCharset() {
    }

    static void refuseUnreadable(Context ctx) {
        if (ctx.method().name().equals("POST") && !isReadable(ctx.header("Content-Type"))) {
            ApiServer.error(ctx, 415, UNREADABLE);
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether {@code contentType} (or its absence) names no charset, or one that this JVM can decode. */
    static boolean isReadable(String contentType) {
        if (contentType == null) {
            return true;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).trim();
            if (name.equalsIgnoreCase("charset")) {
                String value = equals < 0 ? "" : parameter.substring(equals + 1).trim().replace("\"", "");
                try {
                    return Charset.isSupported(value);
                } catch (IllegalCharsetNameException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
