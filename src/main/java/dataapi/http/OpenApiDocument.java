package dataapi.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.family.QueryFamily;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server's OpenAPI 3.1 description, derived from the endpoint definitions (parameters, their
 * formats, defaults, examples and errors; result columns) plus the fixed routes of the server itself.
 */
final class OpenApiDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON = "application/json";
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    private OpenApiDocument() {
    }

    static byte[] build(List<Endpoint<?>> endpoints, List<QueryFamily> families) {
        ObjectNode document = NODES.objectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "dataapi");
        String version = OpenApiDocument.class.getPackage().getImplementationVersion();
        info.put("version", version == null ? "development" : version);
        info.put("description", "Warehouse reports as HTTP/JSON endpoints. Every report exists under each family with "
                + "byte-identical answers: /connector runs hand-written SQL over JDBC, /snowpark a query built with a "
                + "DataFrame-style API. Every answer carries an X-Request-Id header: the client's own when it sent a sane one, "
                + "else a new one.");
        ArrayNode tags = document.putArray("tags");
        for (QueryFamily family : families) {
            tags.addObject().put("name", family.family().pathSegment());
        }
        tags.addObject().put("name", "operations").put("description", "Probes, metrics and this description");

        ObjectNode paths = document.putObject("paths");
        paths.set("/", operation("root", "Says the server is up", "operations",
                content("A fixed greeting", JSON, objectSchema("result", NODES.objectNode().put("type", "string")))));
        for (QueryFamily family : families) {
            for (Endpoint<?> endpoint : endpoints) {
                paths.set("/" + family.family().pathSegment() + endpoint.path(), reportOperation(family, endpoint));
            }
        }
        paths.set("/healthz", operation("healthz", "Liveness: answers while the process serves HTTP", "operations",
                content("Alive", JSON, objectSchema("status", NODES.objectNode().put("const", "alive")))));
        ObjectNode ready = operation("readyz", "Readiness: answers 200 only while the warehouse answers queries", "operations",
                content("Ready", JSON, objectSchema("status", NODES.objectNode().put("const", "ready"))));
        responses(ready).set("503", reference("#/components/responses/Unavailable"));
        paths.set("/readyz", ready);
        paths.set("/metrics", operation("metrics", "Metrics in Prometheus' text format", "operations",
                content("Requests, latencies, query times, pool and JVM meters", Metrics.CONTENT_TYPE,
                        NODES.objectNode().put("type", "string"))));
        paths.set("/openapi.json", operation("openapi", "This description", "operations",
                content("An OpenAPI 3.1 document", JSON, NODES.objectNode().put("type", "object"))));
        paths.set("/docs", operation("docs", "This description, rendered by Swagger UI", "operations",
                content("An HTML page", "text/html", NODES.objectNode().put("type", "string"))));
        paths.set("/test", operation("test_console", "A page to try every endpoint of every family", "operations",
                content("An HTML page", "text/html", NODES.objectNode().put("type", "string"))));
        paths.set("/test/endpoints.json", operation("test_catalog", "The endpoints as the test page builds its forms from them",
                "operations", content("Families and endpoints", JSON, NODES.objectNode().put("type", "object"))));

        document.set("components", components(endpoints));
        try {
            return new ObjectMapper().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode reportOperation(QueryFamily family, Endpoint<?> endpoint) {
        String segment = family.family().pathSegment();
        ObjectNode path = operation(segment + "_" + endpoint.id(), endpoint.title(), segment,
                content("The result rows", JSON, reference("#/components/schemas/" + endpoint.id())));
        ObjectNode get = (ObjectNode) path.get("get");
        ObjectNode ok = (ObjectNode) responses(path).get("200");
        ObjectNode headers = ok.putObject("headers");
        for (String header : List.of("Server-Timing", "ETag", "Cache-Control")) {
            headers.set(header, reference("#/components/headers/" + header));
        }
        ArrayNode parameters = get.putArray("parameters");
        for (Parameter<?> parameter : endpoint.parameters()) {
            parameters.add(parameter(parameter));
        }
        parameters.addObject().put("name", "If-None-Match").put("in", "header").put("required", false)
                .put("description", "ETags of answers the client holds; when one is current the answer is 304 without a body")
                .putObject("schema").put("type", "string");
        ObjectNode responses = responses(path);
        responses.set("304", reference("#/components/responses/NotModified"));
        responses.set("400", badRequest(endpoint));
        responses.set("404", reference("#/components/responses/NotFound"));
        responses.set("405", reference("#/components/responses/MethodNotAllowed"));
        responses.set("500", reference("#/components/responses/WarehouseFailed"));
        responses.set("503", reference("#/components/responses/Unavailable"));
        return path;
    }

    private static ObjectNode parameter(Parameter<?> parameter) {
        ObjectNode node = NODES.objectNode();
        node.put("name", parameter.name());
        node.put("in", parameter.location().name().toLowerCase(Locale.ROOT));
        node.put("required", parameter.location() == Parameter.Location.PATH);
        node.put("description", parameter.description());
        ObjectNode schema = schema(parameter.format());
        parameter.defaultValue().ifPresent(value -> schema.set("default", value(parameter.format(), value)));
        schema.putArray("examples").add(value(parameter.format(), parameter.example()));
        node.set("schema", schema);
        node.set("example", value(parameter.format(), parameter.example()));
        return node;
    }

    /** A raw value as its schema types it: a number for an integer parameter, else the text. */
    private static JsonNode value(String format, String raw) {
        return format.equals("integer") ? NODES.numberNode(Long.parseLong(raw)) : NODES.textNode(raw);
    }

    /** The JSON schema of a parameter's raw text for each format the reports use; any other format is a plain string. */
    private static ObjectNode schema(String format) {
        ObjectNode schema = NODES.objectNode();
        switch (format) {
            case "date" -> schema.put("type", "string").put("format", "date");
            case "integer" -> schema.put("type", "integer");
            case "digits" -> schema.put("type", "string").put("pattern", "^[0-9]+$");
            default -> schema.put("type", "string");
        }
        return schema;
    }

    private static ObjectNode badRequest(Endpoint<?> endpoint) {
        ObjectNode response = NODES.objectNode();
        response.put("description", "A parameter is not valid; the message says which");
        ObjectNode media = response.putObject("content").putObject(JSON);
        media.putObject("schema").put("$ref", ERROR_SCHEMA);
        Set<String> messages = new LinkedHashSet<>();
        endpoint.parameters().forEach(parameter -> messages.addAll(parameter.errors()));
        if (!messages.isEmpty()) {
            ObjectNode examples = media.putObject("examples");
            for (String message : messages) {
                ObjectNode example = examples.putObject(message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", ""));
                example.put("summary", message);
                example.putObject("value").put("error", message);
            }
        }
        return response;
    }

    private static ObjectNode components(List<Endpoint<?>> endpoints) {
        ObjectNode components = NODES.objectNode();
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode error = objectSchema("error", NODES.objectNode().put("type", "string"));
        error.put("description", "Every error answer: one message for people, never SQL, a stack trace or a credential");
        schemas.set("Error", error);
        for (Endpoint<?> endpoint : endpoints) {
            ObjectNode rows = schemas.putObject(endpoint.id());
            rows.put("type", "array");
            rows.put("description", endpoint.title());
            ObjectNode row = rows.putObject("items");
            row.put("type", "object");
            row.put("additionalProperties", false);
            ArrayNode required = row.putArray("required");
            ObjectNode properties = row.putObject("properties");
            for (Column column : endpoint.columns()) {
                required.add(column.name());
                properties.set(column.name(), switch (column.type()) {
                    case INTEGER -> NODES.objectNode().put("type", "integer");
                    case STRING -> NODES.objectNode().put("type", "string");
                    case MONEY -> NODES.objectNode().put("type", "number")
                            .put("description", "An exact decimal with two places, never a binary-float rounding");
                });
            }
        }

        ObjectNode headers = components.putObject("headers");
        headers.putObject("Retry-After").put("description", "Seconds to wait before trying again")
                .putObject("schema").put("type", "integer");
        headers.putObject("Server-Timing").put("description", "The warehouse query's time, e.g. query;dur=3.25 (milliseconds),"
                        + " or cache;desc=hit when the result cache answered")
                .putObject("schema").put("type", "string");
        headers.putObject("ETag").put("description", "A strong entity tag of the body, the same for both families")
                .putObject("schema").put("type", "string");
        headers.putObject("Cache-Control").put("description", "Clients may keep the body but revalidate it with If-None-Match")
                .putObject("schema").put("type", "string");

        ObjectNode responses = components.putObject("responses");
        ObjectNode notModified = responses.putObject("NotModified");
        notModified.put("description", "The client's If-None-Match names the current answer");
        notModified.putObject("headers").set("ETag", reference("#/components/headers/ETag"));
        responses.set("NotFound", errorResponse("No such path", "Not found!"));
        responses.set("MethodNotAllowed", errorResponse("The path exists, but not for this method", "Method POST is not allowed here."));
        responses.set("WarehouseFailed", errorResponse("The warehouse failed the query; the server log holds the cause",
                ApiServer.WAREHOUSE_FAILED));
        ObjectNode unavailable = errorResponse("The warehouse cannot be reached or is saturated", HealthRoutes.NOT_READY);
        unavailable.putObject("headers").set("Retry-After", reference("#/components/headers/Retry-After"));
        responses.set("Unavailable", unavailable);
        return components;
    }

    private static ObjectNode errorResponse(String description, String example) {
        ObjectNode response = content(description, JSON, reference(ERROR_SCHEMA));
        ((ObjectNode) response.get("content").get(JSON)).putObject("example").put("error", example);
        return response;
    }

    /** A path item with one GET operation answering {@code ok} with 200. */
    private static ObjectNode operation(String id, String summary, String tag, ObjectNode ok) {
        ObjectNode path = NODES.objectNode();
        ObjectNode get = path.putObject("get");
        get.put("operationId", id);
        get.put("summary", summary);
        get.putArray("tags").add(tag);
        get.putObject("responses").set("200", ok);
        return path;
    }

    private static ObjectNode responses(ObjectNode path) {
        return (ObjectNode) path.get("get").get("responses");
    }

    private static ObjectNode content(String description, String mediaType, ObjectNode schema) {
        ObjectNode response = NODES.objectNode();
        response.put("description", description);
        response.putObject("content").putObject(mediaType).set("schema", schema);
        return response;
    }

    private static ObjectNode objectSchema(String property, ObjectNode propertySchema) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.putArray("required").add(property);
        schema.putObject("properties").set(property, propertySchema);
        return schema;
    }

    private static ObjectNode reference(String target) {
        return NODES.objectNode().put("$ref", target);
    }
}
