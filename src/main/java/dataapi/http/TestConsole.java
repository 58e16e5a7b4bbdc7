package dataapi.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.family.QueryFamily;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code /test}: a page to try every endpoint of every family. Its forms are built in the browser
 * from {@code /test/endpoints.json}, which is derived from the endpoint definitions, so a new
 * endpoint appears without editing the page.
 */
final class TestConsole {
    // Scripts only from this server; results are written as text, never parsed as HTML.
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final byte[] page = resource("test.html");
    private final byte[] script = resource("test.js");
    private final byte[] style = resource("test.css");
    private final byte[] catalog;

    TestConsole(List<Endpoint<?>> endpoints, List<QueryFamily> families) {
        this.catalog = catalog(endpoints, families);
    }

    void addRoutes(JavalinConfig config) {
        config.routes.get("/test", ctx -> send(ctx, "text/html; charset=utf-8", page));
        config.routes.get("/test/test.js", ctx -> send(ctx, "text/javascript; charset=utf-8", script));
        config.routes.get("/test/test.css", ctx -> send(ctx, "text/css; charset=utf-8", style));
        config.routes.get("/test/endpoints.json", ctx -> send(ctx, ApiServer.JSON, catalog));
    }

    private static void send(Context ctx, String contentType, byte[] body) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(contentType).result(body);
    }

    private static byte[] catalog(List<Endpoint<?>> endpoints, List<QueryFamily> families) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("families");
            for (QueryFamily family : families) {
                json.writeString(family.family().pathSegment());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("endpoints");
            for (Endpoint<?> endpoint : endpoints) {
                json.writeStartObject();
                json.writeStringField("id", endpoint.id());
                json.writeStringField("title", endpoint.title());
                json.writeStringField("path", endpoint.path());
                json.writeArrayFieldStart("parameters");
                for (Parameter<?> parameter : endpoint.parameters()) {
                    json.writeStartObject();
                    json.writeStringField("name", parameter.name());
                    json.writeStringField("in", parameter.location().name().toLowerCase(Locale.ROOT));
                    json.writeStringField("format", parameter.format());
                    json.writeStringField("description", parameter.description());
                    json.writeStringField("example", parameter.example());
                    if (parameter.defaultValue().isPresent()) {
                        json.writeStringField("default", parameter.defaultValue().get());
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) {
        return Resources.read("/dataapi/test/" + name);
    }
}
