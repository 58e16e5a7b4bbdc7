package dataapi.http;

import dataapi.json.JsonLine;
import io.javalin.http.Context;

import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * One JSON object per request, on one line: when, which request and caller, what was asked and how
 * it ended, and how long the query and the whole request took. It holds no header and no query
 * string, so tokens and other secrets never reach it; a path is cut to a bounded length.
 */
public final class AccessLog {
    private static final int MAX_PATH_LENGTH = 256;

    private final Consumer<String> lines;

    /** @param lines receives each line, without its line break */
    public AccessLog(Consumer<String> lines) {
        this.lines = requireNonNull(lines, "lines is null");
    }

    void write(Context ctx, RequestFacts facts, float millis) {
        write(facts, HeadAsGet.method(ctx), ctx.path(), ctx.statusCode(), millis);
    }

    /**
     * @param method the request's method, or null when its request line could not be read
     * @param path the request's path, or null when it had none that could be read
     */
    void write(RequestFacts facts, String method, String path, int status, float millis) {
        lines.accept(new JsonLine()
                .string("time", LogTime.now())
                .string("request_id", facts.requestId())
                .string("caller", facts.caller().orElse(null))
                .string("method", method)
                .string("path", path != null && path.length() > MAX_PATH_LENGTH ? path.substring(0, MAX_PATH_LENGTH) : path)
                .string("endpoint", facts.endpoint())
                .string("family", facts.family())
                .number("status", status)
                .number("rows", facts.rows())
                .numberText("query_ms", facts.queryNanos().isPresent() ? milliseconds(facts.queryNanos().getAsLong() / 1e6) : null)
                .numberText("total_ms", milliseconds(millis))
                .toString());
    }

    /** Milliseconds with two decimals, e.g. {@code 12.05}, as a JSON number. */
    static String milliseconds(double millis) {
        long hundredths = Math.round(millis * 100);
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
