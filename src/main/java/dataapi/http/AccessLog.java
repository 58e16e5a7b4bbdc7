package dataapi.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * One JSON object per request, on one line: when, which request and caller, what was asked and how
 * it ended, and how long the query and the whole request took. It holds no header and no query
 * string, so tokens and other secrets never reach it; a path is cut to a bounded length.
 */
public final class AccessLog {
    private static final int MAX_PATH_LENGTH = 256;
    private static final JsonFactory JSON = new JsonFactory();

    private final Consumer<String> lines;

    /** @param lines receives each line, without its line break */
    public AccessLog(Consumer<String> lines) {
        this.lines = requireNonNull(lines, "lines is null");
    }

    void write(Context ctx, RequestFacts facts, float millis) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", LogTime.now());
            json.writeStringField("request_id", facts.requestId());
            json.writeStringField("caller", facts.caller().orElse(null));
            json.writeStringField("method", ctx.method().name());
            String path = ctx.path();
            json.writeStringField("path", path.length() > MAX_PATH_LENGTH ? path.substring(0, MAX_PATH_LENGTH) : path);
            json.writeStringField("endpoint", facts.endpoint(ctx));
            json.writeStringField("family", facts.family());
            json.writeNumberField("status", ctx.statusCode());
            json.writeFieldName("rows");
            if (facts.rows().isPresent()) {
                json.writeNumber(facts.rows().getAsInt());
            } else {
                json.writeNull();
            }
            json.writeFieldName("query_ms");
            if (facts.queryNanos().isPresent()) {
                json.writeNumber(milliseconds(facts.queryNanos().getAsLong() / 1e6));
            } else {
                json.writeNull();
            }
            json.writeFieldName("total_ms");
            json.writeNumber(milliseconds(millis));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.accept(line.toString());
    }

    /** Milliseconds with two decimals, e.g. {@code 12.05}, as a JSON number. */
    static String milliseconds(double millis) {
        long hundredths = Math.round(millis * 100);
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
