package dataapi.http;

import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.family.QueryFamily;
import dataapi.http.Assets.Asset;
import dataapi.json.Json;
import io.javalin.config.JavalinConfig;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code /test}: a page to try every endpoint of every family. Its forms are built in the browser
 * from {@code /test/endpoints.json}, which is derived from the endpoint definitions, so a new
 * endpoint appears without editing the page: its parameters make the form, its columns the table
 * and the chart, its parameters' error messages say which input a 400 answer is about.
 */
final class TestConsole {
    // Scripts only from this server; results are written as text, never parsed as HTML.
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final String METRICS_LINK = " <a href=\"/metrics\">Metrics</a>";

    private final Asset page;
    private final Asset script = Asset.of(Assets.SCRIPT, Assets.resource("dataapi/test/test.js"));
    private final Asset style = Asset.of(Assets.STYLE, Assets.resource("dataapi/test/test.css"));
    private final Asset chart = Asset.of(Assets.SCRIPT, Assets.webjar("org.webjars.npm", "chart.js", "dist/chart.umd.min.js"));
    private final Asset catalog;

    /** @param metricsHere whether this port serves {@code /metrics}, which the page links to then */
    TestConsole(List<Endpoint<?>> endpoints, List<QueryFamily> families, boolean metricsHere) {
        this.page = Asset.of(Assets.HTML, page(metricsHere));
        this.catalog = Asset.of(ApiServer.JSON, catalog(endpoints, families));
    }

    private static byte[] page(boolean metricsHere) {
        byte[] page = Assets.resource("dataapi/test/test.html");
        if (metricsHere) {
            return page;
        }
        String html = new String(page, StandardCharsets.UTF_8);
        if (!html.contains(METRICS_LINK)) {
            throw new IllegalStateException("dataapi/test/test.html has no link to /metrics to leave out");
        }
        return html.replace(METRICS_LINK, "").getBytes(StandardCharsets.UTF_8);
    }

    void addRoutes(JavalinConfig config) {
        config.routes.get("/test", ctx -> Assets.send(ctx, page, CONTENT_SECURITY_POLICY));
        config.routes.get("/test/test.js", ctx -> Assets.send(ctx, script, CONTENT_SECURITY_POLICY));
        config.routes.get("/test/test.css", ctx -> Assets.send(ctx, style, CONTENT_SECURITY_POLICY));
        config.routes.get("/test/chart.umd.min.js", ctx -> Assets.send(ctx, chart, CONTENT_SECURITY_POLICY));
        config.routes.get("/test/endpoints.json", ctx -> Assets.send(ctx, catalog, CONTENT_SECURITY_POLICY));
    }

    private static byte[] catalog(List<Endpoint<?>> endpoints, List<QueryFamily> families) {
        return Json.object(json -> {
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
                json.writeArrayFieldStart("families");
                for (QueryFamily family : families) {
                    if (family.serves(endpoint)) {
                        json.writeString(family.family().pathSegment());
                    }
                }
                json.writeEndArray();
                json.writeArrayFieldStart("parameters");
                for (Parameter<?> parameter : endpoint.parameters()) {
                    json.writeStartObject();
                    json.writeStringField("name", parameter.name());
                    json.writeStringField("in", parameter.location().name().toLowerCase(Locale.ROOT));
                    json.writeBooleanField("required", parameter.isRequired());
                    json.writeStringField("format", parameter.format());
                    json.writeStringField("description", parameter.description());
                    json.writeStringField("example", parameter.example());
                    if (parameter.defaultValue().isPresent()) {
                        json.writeStringField("default", parameter.defaultValue().get());
                    }
                    json.writeArrayFieldStart("errors");
                    for (String message : parameter.errors()) {
                        json.writeString(message);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("columns");
                for (Column column : endpoint.columns()) {
                    json.writeStartObject();
                    json.writeStringField("name", column.name());
                    json.writeStringField("type", column.type().declaredName());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }
}
