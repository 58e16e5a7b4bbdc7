package dataapi.http;

import dataapi.config.RequestLimits;
import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.family.QueryFamily;
import dataapi.json.JsonArray;
import dataapi.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server's OpenAPI 3.1 description, derived from the endpoint definitions (parameters, their
 * formats, defaults, examples and errors; result columns) plus the fixed routes of the server itself.
 */
final class OpenApiDocument {
    private static final String JSON = "application/json";
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    private OpenApiDocument() {
    }

    static byte[] build(List<Endpoint<?>> endpoints, List<QueryFamily> families) {
        JsonObject document = new JsonObject();
        document.put("openapi", "3.1.0");
        JsonObject info = document.putObject("info");
        info.put("title", "dataapi");
        String version = OpenApiDocument.class.getPackage().getImplementationVersion();
        info.put("version", version == null ? "development" : version);
        info.put("description", "Warehouse reports as HTTP/JSON endpoints. Every report exists under each family with "
                + "byte-identical answers: /connector runs hand-written SQL over JDBC, /snowpark a query built with a "
                + "DataFrame-style API. Every answer carries an X-Request-Id header: the client's own when it sent a sane one, "
                + "else a new one.");
        JsonArray tags = document.putArray("tags");
        for (QueryFamily family : families) {
            tags.addObject().put("name", family.family().pathSegment());
        }
        tags.addObject().put("name", "operations").put("description", "Probes, metrics and this description");

        JsonObject paths = document.putObject("paths");
        paths.put("/", operation("root", "Says the server is up", "operations",
                content("A fixed greeting", JSON, objectSchema("result", new JsonObject().put("type", "string")))));
        for (QueryFamily family : families) {
            for (Endpoint<?> endpoint : endpoints) {
                paths.put("/" + family.family().pathSegment() + endpoint.path(), reportOperation(family, endpoint));
            }
        }
        paths.put("/healthz", operation("healthz", "Liveness: answers while the process serves HTTP", "operations",
                content("Alive", JSON, objectSchema("status", new JsonObject().put("const", "alive")))));
        JsonObject ready = operation("readyz", "Readiness: answers 200 only while the warehouse answers queries", "operations",
                content("Ready", JSON, objectSchema("status", new JsonObject().put("const", "ready"))));
        responses(ready).put("503", reference("#/components/responses/Unavailable"));
        paths.put("/readyz", ready);
        paths.put("/metrics", operation("metrics", "Metrics in Prometheus' text format", "operations",
                content("Requests, latencies, query times, pool and JVM meters", Metrics.CONTENT_TYPE,
                        new JsonObject().put("type", "string"))));
        paths.put("/openapi.json", operation("openapi", "This description", "operations",
                content("An OpenAPI 3.1 document", JSON, new JsonObject().put("type", "object"))));
        paths.put("/docs", operation("docs", "This description, rendered by Swagger UI", "operations",
                content("An HTML page", "text/html", new JsonObject().put("type", "string"))));
        paths.put("/test", operation("test_console", "A page to try every endpoint of every family", "operations",
                content("An HTML page", "text/html", new JsonObject().put("type", "string"))));
        paths.put("/test/endpoints.json", operation("test_catalog", "The endpoints as the test page builds its forms from them",
                "operations", content("Families and endpoints", JSON, new JsonObject().put("type", "object"))));

        document.put("components", components(endpoints));
        return document.toBytes();
    }

    private static JsonObject reportOperation(QueryFamily family, Endpoint<?> endpoint) {
        String segment = family.family().pathSegment();
        JsonObject path = operation(segment + "_" + endpoint.id(), endpoint.title(), segment,
                content("The result rows", JSON, reference("#/components/schemas/" + endpoint.id())));
        JsonObject get = path.object("get");
        JsonObject ok = responses(path).object("200");
        JsonObject headers = ok.putObject("headers");
        for (String header : List.of("Server-Timing", "ETag", "Cache-Control")) {
            headers.put(header, reference("#/components/headers/" + header));
        }
        JsonArray parameters = get.putArray("parameters");
        for (Parameter<?> parameter : endpoint.parameters()) {
            parameters.add(parameter(parameter));
        }
        parameters.addObject().put("name", "If-None-Match").put("in", "header").put("required", false)
                .put("description", "ETags of answers the client holds; when one is current the answer is 304 without a body")
                .putObject("schema").put("type", "string");
        JsonObject responses = responses(path);
        responses.put("304", reference("#/components/responses/NotModified"));
        responses.put("400", badRequest(endpoint));
        responses.put("404", reference("#/components/responses/NotFound"));
        responses.put("405", reference("#/components/responses/MethodNotAllowed"));
        responses.put("429", reference("#/components/responses/TooManyRunning"));
        responses.put("500", reference("#/components/responses/WarehouseFailed"));
        responses.put("503", reference("#/components/responses/Unavailable"));
        responses.put("504", reference("#/components/responses/QueryTimedOut"));
        return path;
    }

    private static JsonObject parameter(Parameter<?> parameter) {
        JsonObject node = new JsonObject();
        node.put("name", parameter.name());
        node.put("in", parameter.location().name().toLowerCase(Locale.ROOT));
        node.put("required", parameter.location() == Parameter.Location.PATH);
        node.put("description", parameter.description());
        JsonObject schema = schema(parameter.format());
        parameter.defaultValue().ifPresent(value -> schema.put("default", value(parameter.format(), value)));
        schema.putArray("examples").add(value(parameter.format(), parameter.example()));
        node.put("schema", schema);
        node.put("example", value(parameter.format(), parameter.example()));
        return node;
    }

    /** A raw value as its schema types it: a number for an integer parameter, else the text. */
    private static Object value(String format, String raw) {
        return format.equals("integer") ? Long.parseLong(raw) : raw;
    }

    /** The JSON schema of a parameter's raw text for each format the reports use; any other format is a plain string. */
    private static JsonObject schema(String format) {
        JsonObject schema = new JsonObject();
        switch (format) {
            case "date" -> schema.put("type", "string").put("format", "date");
            case "integer" -> schema.put("type", "integer");
            case "digits" -> schema.put("type", "string").put("pattern", "^[0-9]+$");
            default -> schema.put("type", "string");
        }
        return schema;
    }

    private static JsonObject badRequest(Endpoint<?> endpoint) {
        JsonObject response = content("A parameter is not valid; the message says which", JSON, reference(ERROR_SCHEMA));
        JsonObject media = response.object("content").object(JSON);
        Set<String> messages = new LinkedHashSet<>();
        for (Parameter<?> parameter : endpoint.parameters()) {
            messages.addAll(parameter.errors());
            if (parameter.location() == Parameter.Location.QUERY) {
                messages.add(QueryString.givenTwice(parameter.name()));
                messages.add(QueryString.undecodable(parameter.name()));
            }
        }
        if (!messages.isEmpty()) {
            JsonObject examples = media.putObject("examples");
            for (String message : messages) {
                JsonObject example = examples.putObject(message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", ""));
                example.put("summary", message);
                example.putObject("value").put("error", message);
            }
        }
        return response;
    }

    private static JsonObject components(List<Endpoint<?>> endpoints) {
        JsonObject components = new JsonObject();
        JsonObject schemas = components.putObject("schemas");
        JsonObject error = objectSchema("error", new JsonObject().put("type", "string"));
        error.put("description", "Every error answer: one message for people, never SQL, a stack trace or a credential");
        schemas.put("Error", error);
        for (Endpoint<?> endpoint : endpoints) {
            JsonObject rows = schemas.putObject(endpoint.id());
            rows.put("type", "array");
            rows.put("description", endpoint.title());
            JsonObject row = rows.putObject("items");
            row.put("type", "object");
            row.put("additionalProperties", false);
            JsonArray required = row.putArray("required");
            JsonObject properties = row.putObject("properties");
            for (Column column : endpoint.columns()) {
                required.add(column.name());
                properties.put(column.name(), switch (column.type()) {
                    case INTEGER -> new JsonObject().put("type", "integer");
                    case STRING -> new JsonObject().put("type", "string");
                    case MONEY -> new JsonObject().put("type", "number")
                            .put("description", "An exact decimal with two places, never a binary-float rounding");
                });
            }
        }

        JsonObject headers = components.putObject("headers");
        headers.putObject("Retry-After").put("description", "Seconds to wait before trying again")
                .putObject("schema").put("type", "integer");
        headers.putObject("Server-Timing").put("description", "The warehouse query's time, e.g. query;dur=3.25 (milliseconds),"
                        + " or cache;desc=hit when the result cache answered")
                .putObject("schema").put("type", "string");
        headers.putObject("ETag").put("description", "A strong entity tag of the body, the same for both families")
                .putObject("schema").put("type", "string");
        headers.putObject("Cache-Control").put("description", "Clients may keep the body but revalidate it with If-None-Match")
                .putObject("schema").put("type", "string");

        JsonObject responses = components.putObject("responses");
        JsonObject notModified = responses.putObject("NotModified");
        notModified.put("description", "The client's If-None-Match names the current answer");
        notModified.putObject("headers").put("ETag", reference("#/components/headers/ETag"));
        responses.put("NotFound", errorResponse("No such path", ApiServer.NOT_FOUND));
        responses.put("MethodNotAllowed", errorResponse("The path exists, but not for this method", "Method POST is not allowed here."));
        responses.put("WarehouseFailed", errorResponse("The warehouse failed the query; the server log holds the cause",
                ApiServer.WAREHOUSE_FAILED));
        JsonObject unavailable = errorResponse("The warehouse cannot be reached or is saturated", HealthRoutes.NOT_READY);
        unavailable.putObject("headers").put("Retry-After", reference("#/components/headers/Retry-After"));
        responses.put("Unavailable", unavailable);
        JsonObject tooManyRunning = errorResponse("The caller, or the server, has as many requests running as it may",
                ConcurrencyLimits.perCallerLimitReached(RequestLimits.DEFAULTS.concurrentPerCaller()));
        tooManyRunning.putObject("headers").put("Retry-After", reference("#/components/headers/Retry-After"));
        responses.put("TooManyRunning", tooManyRunning);
        responses.put("QueryTimedOut", errorResponse("The query ran past the statement timeout and was cancelled", ApiServer.QUERY_TIMED_OUT));
        return components;
    }

    private static JsonObject errorResponse(String description, String example) {
        JsonObject response = content(description, JSON, reference(ERROR_SCHEMA));
        response.object("content").object(JSON).putObject("example").put("error", example);
        return response;
    }

    /** A path item with one GET operation answering {@code ok} with 200. */
    private static JsonObject operation(String id, String summary, String tag, JsonObject ok) {
        JsonObject path = new JsonObject();
        JsonObject get = path.putObject("get");
        get.put("operationId", id);
        get.put("summary", summary);
        get.putArray("tags").add(tag);
        get.putObject("responses").put("200", ok);
        return path;
    }

    private static JsonObject responses(JsonObject path) {
        return path.object("get").object("responses");
    }

    private static JsonObject content(String description, String mediaType, JsonObject schema) {
        JsonObject response = new JsonObject();
        response.put("description", description);
        response.putObject("content").putObject(mediaType).put("schema", schema);
        return response;
    }

    private static JsonObject objectSchema(String property, JsonObject propertySchema) {
        JsonObject schema = new JsonObject();
        schema.put("type", "object");
        schema.putArray("required").add(property);
        schema.putObject("properties").put(property, propertySchema);
        return schema;
    }

    private static JsonObject reference(String target) {
        return new JsonObject().put("$ref", target);
    }
}
