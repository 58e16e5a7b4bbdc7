package dataapi.http;

import dataapi.cache.CachedResult;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Conditional requests: a strong ETag on every report answer, {@code If-None-Match} answered with
 * 304, and {@code Cache-Control} that lets clients keep a body but asks them to revalidate it.
 */
final class HttpCaching {
    private HttpCaching() {
    }

    /**
     * Sends {@code result}, or 304 when the client already holds it.
     *
     * @param personal true when the answer was given to an authenticated caller, so that shared
     *                 caches must not keep it
     */
    static void send(Context ctx, CachedResult result, boolean personal) {
        ctx.header("ETag", result.etag());
        ctx.header("Cache-Control", personal ? "private, no-cache" : "public, no-cache");
        if (matches(ctx.header("If-None-Match"), result.etag())) {
            ctx.status(304);
            // Sent now, with no length: left to the end, it would go out with "Content-Length: 0",
            // which a 304 may not say (RFC 9110 8.6: only the 200's length).
            try {
                ctx.res().flushBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        // Straight to the response's stream (compressed there when large enough): ctx.result(body)
        // would copy the body through a new buffer on every request, the hot path's largest garbage.
        ctx.contentType(ApiServer.JSON);
        try {
            ctx.outputStream().write(result.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 9110 13.1.2: a list of tags or "*", compared weakly (a W/ prefix is ignored). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
