package dataapi.http;

import dataapi.cache.CachedResult;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Conditional requests: a strong ETag on every endpoint's answer and page file, {@code If-None-Match}
 * answered with 304, an {@code If-Match} that names no current answer with 412, and
 * {@code Cache-Control} that lets clients keep a body but asks them to revalidate it. A result's
 * gzip coding, made once with the result, goes to clients that prefer it, under its own tag.
 */
final class HttpCaching {
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
    private static final int FULL_WEIGHT = 1000;
    private static final int UNNAMED = -1;
    static final String IF_MATCH_FAILED = "The answer is not the one If-Match names: it has changed, or is in another coding.";

    private HttpCaching() {
    }

    /**
     * Sends {@code result}, in gzip coding when it has one and the client prefers it, or 304 when
     * the client already holds that representation. An answer to an authenticated caller is
     * {@code private}, so that shared caches do not keep it.
     */
    static void send(Context ctx, CachedResult result) {
        send(ctx, result, ApiServer.JSON);
    }

    /** As {@link #send(Context, CachedResult)}, for a body of {@code contentType}. */
    static void send(Context ctx, CachedResult result, String contentType) {
        boolean personal = !ApiServer.caller(ctx).isAnonymous();
        Optional<CachedResult.Gzipped> gzipped = result.gzipped().filter(any -> prefersGzip(ctx.req().getHeaders("Accept-Encoding")));
        String etag = gzipped.map(CachedResult.Gzipped::etag).orElse(result.etag());
        // RFC 9110 13.2.2: If-Match first; a client that asked for another representation gets none
        // (and no tag: Javalin would take the If-None-Match of a tag it sees for a 304).
        if (!ifMatchHolds(ctx.req().getHeaders("If-Match"), etag)) {
            ApiServer.error(ctx, 412, IF_MATCH_FAILED);
            return;
        }
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", personal ? "private, no-cache" : "public, no-cache");
        if (clientHolds(ctx.req().getHeaders("If-None-Match"), etag)) {
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
        // Named before the first write, so that Javalin's compression leaves the coded bytes as they are.
        gzipped.ifPresent(any -> ctx.header("Content-Encoding", "gzip"));
        // Straight to the response's stream: ctx.result(body) would copy the body through a new
        // buffer on every request, the hot path's largest garbage.
        ctx.contentType(contentType);
        byte[] body = gzipped.map(CachedResult.Gzipped::body).orElse(result.body());
        // Known now, so said now: without it, a body larger than Jetty's buffer would go out chunked.
        ctx.res().setContentLength(body.length);
        try {
            ctx.outputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * RFC 9110 12.5.3: whether the {@code Accept-Encoding} lines prefer gzip, named (or as x-gzip) or
     * through {@code *}, to the plain body: its weight is above 0 and no lower than identity's. A
     * named coding's weight overrides {@code *}'s; an element given twice counts at its higher
     * weight. Identity, named or through {@code *}, competes only when the client weighs it.
     */
    private static boolean prefersGzip(Enumeration<String> acceptEncoding) {
        int gzip = UNNAMED;
        int identity = UNNAMED;
        int any = UNNAMED;
        while (acceptEncoding.hasMoreElements()) {
            for (String element : acceptEncoding.nextElement().split(",")) {
                int semicolon = element.indexOf(';');
                String coding = (semicolon < 0 ? element : element.substring(0, semicolon)).trim();
                int weight = semicolon < 0 ? FULL_WEIGHT : weight(element.substring(semicolon + 1));
                if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
                    gzip = Math.max(gzip, weight);
                } else if (coding.equalsIgnoreCase("identity")) {
                    identity = Math.max(identity, weight);
                } else if (coding.equals("*")) {
                    any = Math.max(any, weight);
                }
            }
        }
        int gzipWeight = gzip != UNNAMED ? gzip : Math.max(any, 0);
        int identityWeight = identity != UNNAMED ? identity : Math.max(any, 0);
        return gzipWeight > 0 && gzipWeight >= identityWeight;
    }

    /**
     * The weight, in thousandths, that parameters such as {@code q=0.5} give. No weight is 1; a weight
     * that is not RFC 9110's qvalue (0 to 1, three decimals at most) is taken as 0.
     */
    private static int weight(String parameters) {
        for (String parameter : parameters.split(";")) {
            String[] nameAndValue = parameter.trim().split("=", 2);
            if (nameAndValue[0].trim().equalsIgnoreCase("q")) {
                String weight = nameAndValue.length == 2 ? nameAndValue[1].trim() : "";
                if (!QVALUE.matcher(weight).matches()) {
                    return 0;
                }
                if (weight.startsWith("1")) {
                    return FULL_WEIGHT;
                }
                String decimals = weight.length() > 2 ? weight.substring(2) : "";
                return decimals.isEmpty() ? 0 : Integer.parseInt((decimals + "00").substring(0, 3));
            }
        }
        return FULL_WEIGHT;
    }

    /** RFC 9110 13.1.2: whether any {@code If-None-Match} line names {@code etag} or "*", compared weakly. */
    private static boolean clientHolds(Enumeration<String> ifNoneMatch, String etag) {
        return names(ifNoneMatch, etag, true);
    }

    /** RFC 9110 13.1.1: true without {@code If-Match}, else whether a line names {@code etag} or "*", compared strongly. */
    private static boolean ifMatchHolds(Enumeration<String> ifMatch, String etag) {
        return !ifMatch.hasMoreElements() || names(ifMatch, etag, false);
    }

    /**
     * Whether the lines of a list of entity tags (repeated lines are one list, RFC 9110 5.3) hold
     * "*" or {@code etag}: weakly compared, a tag's W/ prefix is ignored; strongly, a weak tag never matches.
     */
    private static boolean names(Enumeration<String> lines, String etag, boolean weakly) {
        while (lines.hasMoreElements()) {
            for (String candidate : lines.nextElement().split(",")) {
                String tag = candidate.trim();
                if (weakly && tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }
}
