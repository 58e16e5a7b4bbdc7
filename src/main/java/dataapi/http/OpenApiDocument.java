package dataapi.http;

import dataapi.Version;
import dataapi.auth.Authenticator;
import dataapi.auth.TokenExchange;
import dataapi.config.AuthMode;
import dataapi.config.RequestLimits;
import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Inputs;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.ValuesOrigin;
import dataapi.family.QueryFamily;
import dataapi.json.Json;
import dataapi.json.JsonArray;
import dataapi.json.JsonObject;
import dataapi.json.ResultTooLargeException;
import dataapi.warehouse.ValuesRefusedException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server's OpenAPI 3.1 description, derived from the endpoint definitions (parameters, their
 * formats, defaults, examples and errors; result columns) plus the fixed routes of the server itself,
 * and, as the access gate has it, the sign-in routes and which operations need credentials.
 */
final class OpenApiDocument {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String HTML = "text/html";
    private static final String AUTHENTICATION = "authentication";
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    private OpenApiDocument() {
    }

    /**
     * The description of what the API's port serves; {@code operatorPaths} are the probes' and the
     * metrics' paths it serves ({@code /metrics} only when the metrics have no port of their own),
     * {@code maxResultBytes} is the longest answer it sends.
     */
    static byte[] build(List<Endpoint<?>> endpoints, List<QueryFamily> families, AccessGate gate, Set<String> operatorPaths,
                        long maxResultBytes) {
        JsonObject document = new JsonObject();
        document.put("openapi", "3.1.0");
        JsonObject info = document.putObject("info");
        info.put("title", "dataapi");
        info.put("version", Version.current());
        info.put("description", "Warehouse reports as HTTP/JSON endpoints: /connector runs SQL over JDBC, /snowpark a "
                + "query built with a DataFrame-style API. A report that has both exists under each family with byte-identical "
                + "answers; one declared with SQL alone, under /connector only. Every answer carries an X-Request-Id header: "
                + "the client's own when it sent a sane one, else a new one.");
        JsonArray tags = document.putArray("tags");
        for (QueryFamily family : families) {
            tags.addObject().put("name", family.family().pathSegment());
        }
        boolean metricsHere = operatorPaths.contains(Metrics.PATH);
        tags.addObject().put("name", "operations")
                .put("description", metricsHere ? "Probes, metrics and this description" : "Probes and this description");
        if (gate.mode() == AuthMode.BUILTIN) {
            tags.addObject().put("name", AUTHENTICATION).put("description", "Tokens for programs, sessions for browsers");
        }

        Map<String, JsonObject> paths = new LinkedHashMap<>();
        Set<String> reports = new HashSet<>();
        paths.put("/", operation("root", "Says the server is up", "operations",
                content("A fixed greeting", JSON, objectSchema("result", new JsonObject().put("type", "string")))));
        for (QueryFamily family : families) {
            for (Endpoint<?> endpoint : endpoints) {
                if (!family.serves(endpoint)) {
                    continue;
                }
                String path = "/" + family.family().pathSegment() + endpoint.path();
                paths.put(path, reportOperation(family, endpoint, maxResultBytes));
                reports.add(path);
            }
        }
        paths.put("/healthz", operation("healthz", "Liveness: answers while the process serves HTTP", "operations",
                content("Alive", JSON, objectSchema("status", new JsonObject().put("const", "alive")))));
        JsonObject ready = operation("readyz", "Readiness: answers 200 only while the warehouse answers queries and callers can be checked",
                "operations", content("Ready", JSON, objectSchema("status", new JsonObject().put("const", "ready"))));
        responses(ready).put("503", reference("#/components/responses/Unavailable"));
        paths.put("/readyz", ready);
        if (metricsHere) {
            paths.put(Metrics.PATH, operation("metrics", "Metrics in Prometheus' text format", "operations",
                    content("Requests, latencies, query times, pool and JVM meters", Metrics.CONTENT_TYPE,
                            new JsonObject().put("type", "string"))));
        }
        paths.put("/openapi.json", operation("openapi", "This description", "operations",
                content("An OpenAPI 3.1 document", JSON, new JsonObject().put("type", "object"))));
        paths.put("/docs", operation("docs", "This description, rendered by Swagger UI", "operations", htmlPage()));
        paths.put("/test", operation("test_console", "A page to try every endpoint of every family", "operations", htmlPage()));
        paths.put("/test/endpoints.json", operation("test_catalog", "The endpoints as the test page builds its forms from them",
                "operations", content("Families and endpoints", JSON, new JsonObject().put("type", "object"))));
        if (gate.mode() == AuthMode.BUILTIN) {
            paths.putAll(signInRoutes());
        }

        JsonObject documented = document.putObject("paths");
        paths.forEach((path, item) -> {
            if (gate.needsCredentials(path, operatorPaths)) {
                for (String method : List.of("get", "post")) {
                    if (item.has(method)) {
                        requireCredentials(item.object(method), gate.mode(), gate.mode() == AuthMode.BUILTIN && reports.contains(path));
                    }
                }
            }
            documented.put(path, item);
        });
        JsonObject components = components(endpoints);
        securitySchemes(gate.mode(), components);
        document.put("components", components);
        return document.toBytes();
    }

    /** Built-in mode's routes: the token exchange for programs, the login form and its session for browsers. */
    private static Map<String, JsonObject> signInRoutes() {
        Map<String, JsonObject> paths = new LinkedHashMap<>();
        JsonObject exchangeForm = formSchema(List.of("grant_type", "subject_token", "subject_token_type", "scope"));
        exchangeForm.object("properties").put("grant_type", new JsonObject().put("const", TokenExchange.GRANT_TYPE));
        exchangeForm.object("properties").put("subject_token", new JsonObject().put("type", "string").put("description", "The PAT's secret"));
        exchangeForm.object("properties").put("subject_token_type", new JsonObject().put("const", TokenExchange.SUBJECT_TOKEN_TYPE));
        exchangeForm.object("properties").put("scope", new JsonObject().put("type", "string")
                .put("description", "'session:scope:ROLE HOST': the role to act as (the PAT's when left out) and the host the token is for")
                .put("examples", new JsonArray().add("session:scope:APIROLE localhost:8001")));
        JsonObject exchange = formOperation("oauth_token", "Trades a PAT for a short-lived access token (OAuth 2.0 token exchange)", exchangeForm);
        JsonObject issued = content("The access token: JSON when the request accepts application/json, else the token alone as text",
                "text/plain", new JsonObject().put("type", "string"));
        JsonObject issuedJson = new JsonObject().put("type", "object");
        issuedJson.putArray("required").add("access_token").add("issued_token_type").add("token_type").add("expires_in");
        JsonObject issuedFields = issuedJson.putObject("properties");
        issuedFields.put("access_token", new JsonObject().put("type", "string"));
        issuedFields.put("issued_token_type", new JsonObject().put("const", AccessGate.ISSUED_TOKEN_TYPE));
        issuedFields.put("token_type", new JsonObject().put("const", AccessGate.TOKEN_TYPE));
        issuedFields.put("expires_in", new JsonObject().put("type", "integer").put("description", "Seconds"));
        issued.object("content").putObject(JSON).put("schema", issuedJson);
        JsonObject exchangeResponses = exchange.object("post").object("responses");
        exchangeResponses.put("200", issued);
        exchangeResponses.put("400", oauthError("A form field is missing or not as described"));
        exchangeResponses.put("401", oauthError("The PAT is unknown, expired or revoked"));
        exchangeResponses.put("403", oauthError("The PAT may not act as the role asked for"));
        exchangeResponses.put("429", oauthError("Too many failed attempts from this address; Retry-After says when to try again"));
        unreadableForms(exchangeResponses);
        exchangeResponses.put("503", reference("#/components/responses/Unavailable"));
        paths.put("/oauth/token", exchange);

        JsonObject login = operation("login_page", "The login form for browsers", AUTHENTICATION, htmlPage());
        login.object("get").putArray("parameters").addObject().put("name", "next").put("in", "query").put("required", false)
                .put("description", "A path on this server to go to once logged in").put("schema", new JsonObject().put("type", "string"));
        JsonObject loginForm = formSchema(List.of("user", "password"));
        for (String field : List.of("user", "password", "role", "next")) {
            loginForm.object("properties").put(field, new JsonObject().put("type", "string"));
        }
        JsonObject logIn = formOperation("login", "Logs a browser in: a session cookie, then back to next", loginForm).object("post");
        JsonObject loginResponses = logIn.object("responses");
        loginResponses.put("303", seeOther("Logged in: the session cookie is set and the browser is sent to next"));
        JsonObject refused = content("The form again, with why the login was refused (400, 401, 403 or 429)", HTML,
                new JsonObject().put("type", "string"));
        for (String status : List.of("400", "401", "403", "429")) {
            loginResponses.put(status, refused);
        }
        unreadableForms(loginResponses);
        JsonObject loginUnavailable = errorResponse("The user store cannot be reached (a JSON error), or too many logins are being"
                + " checked at once (the form again, with why); Retry-After says when to try again", AccessGate.STORE_UNAVAILABLE);
        loginUnavailable.object("content").putObject(HTML).put("schema", new JsonObject().put("type", "string"));
        loginUnavailable.putObject("headers").put("Retry-After", reference("#/components/headers/Retry-After"));
        loginResponses.put("503", loginUnavailable);
        login.put("post", logIn);
        paths.put("/login", login);

        JsonObject logout = formOperation("logout", "Ends the browser's session", null);
        logout.object("post").object("responses").put("303", seeOther("The session is ended, its cookie cleared, and the browser sent to /login"));
        paths.put("/logout", logout);

        JsonObject session = new JsonObject().put("type", "object");
        session.putArray("required").add("user").add("role");
        session.putObject("properties").put("user", new JsonObject().put("type", "string"))
                .put("role", new JsonObject().put("type", "string").put("description", "Empty when the caller has none"));
        paths.put("/session", operation("session", "Who the request's credentials name", AUTHENTICATION, content("The caller", JSON, session)));
        return paths;
    }

    private static JsonObject formSchema(List<String> required) {
        JsonObject schema = new JsonObject().put("type", "object");
        JsonArray names = schema.putArray("required");
        required.forEach(names::add);
        schema.putObject("properties");
        return schema;
    }

    /** A path item with one POST operation taking {@code form} (none when null); its responses are left to the caller. */
    private static JsonObject formOperation(String id, String summary, JsonObject form) {
        JsonObject path = new JsonObject();
        JsonObject post = path.putObject("post");
        post.put("operationId", id);
        post.put("summary", summary);
        post.putArray("tags").add(AUTHENTICATION);
        if (form != null) {
            post.putObject("requestBody").put("required", true).putObject("content").putObject(FORM).put("schema", form);
        }
        post.putObject("responses");
        return path;
    }

    /** The server's refusals of a form body it cannot read, before the operation runs, with its usual error body. */
    private static void unreadableForms(JsonObject responses) {
        responses.put("413", errorResponse("The body is longer than the server reads, " + ServerLimits.MAX_REQUEST_BODY_BYTES / 1024 + " KiB",
                JsonErrorHandler.message(413)));
        responses.put("415", errorResponse("The Content-Type names a charset the server cannot read", BodyCharset.UNREADABLE));
    }

    private static JsonObject oauthError(String description) {
        JsonObject schema = new JsonObject().put("type", "object");
        schema.putArray("required").add("error").add("error_description");
        JsonObject fields = schema.putObject("properties");
        fields.put("error", new JsonObject().put("enum", new JsonArray().add("invalid_request").add("unsupported_grant_type")
                .add("invalid_grant").add("invalid_scope").add("slow_down")));
        fields.put("error_description", new JsonObject().put("type", "string"));
        return content(description, JSON, schema);
    }

    private static JsonObject seeOther(String description) {
        JsonObject response = new JsonObject().put("description", description);
        JsonObject headers = response.putObject("headers");
        headers.putObject("Location").putObject("schema").put("type", "string");
        headers.putObject("Set-Cookie").putObject("schema").put("type", "string");
        return response;
    }

    /**
     * Names the schemes an operation accepts, and the answers it gives without them (or, for a
     * report, without its grant; and in built-in mode, to an address with too many failures, and
     * while the user store cannot be reached).
     */
    private static void requireCredentials(JsonObject operation, AuthMode mode, boolean needsGrant) {
        JsonArray security = operation.putArray("security");
        for (String scheme : schemes(mode)) {
            security.addObject().putArray(scheme);
        }
        JsonObject responses = operation.object("responses");
        responses.put("401", reference("#/components/responses/Unauthenticated"));
        if (needsGrant) {
            responses.put("403", reference("#/components/responses/NotGranted"));
        }
        if (mode == AuthMode.BUILTIN && !responses.has("429")) {
            responses.put("429", reference("#/components/responses/Throttled"));
        }
        if (mode == AuthMode.BUILTIN) {
            responses.put("503", reference("#/components/responses/Unavailable"));
        }
    }

    private static List<String> schemes(AuthMode mode) {
        return switch (mode) {
            case NONE -> List.of();
            case SPCS -> List.of("ingress");
            case BUILTIN -> List.of("token", "session");
        };
    }

    private static void securitySchemes(AuthMode mode, JsonObject components) {
        if (mode == AuthMode.NONE) {
            return;
        }
        JsonObject schemes = components.putObject("securitySchemes");
        JsonObject responses = components.object("responses");
        JsonObject unauthenticated;
        if (mode == AuthMode.SPCS) {
            schemes.putObject("ingress").put("type", "apiKey").put("in", "header").put("name", AccessGate.SPCS_USER_HEADER)
                    .put("description", "Set by the SPCS ingress once it has authenticated the caller");
            unauthenticated = errorResponse("The request did not come through the SPCS ingress", AccessGate.NOT_THROUGH_INGRESS);
        } else {
            schemes.putObject("token").put("type", "http").put("scheme", "bearer")
                    .put("description", "A token from POST /oauth/token, as 'Authorization: Bearer …' or the quickstart's"
                            + " 'Authorization: Snowflake Token=\"…\"'");
            schemes.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", AccessGate.SESSION_COOKIE)
                    .put("description", "Set by POST /login");
            unauthenticated = errorResponse("No credentials, or ones that are not valid, expired or revoked; a browser asking for"
                    + " HTML is sent to /login (303) instead", AccessGate.NO_CREDENTIALS);
            responses.put("NotGranted", errorResponse("The caller's role is not granted this endpoint",
                    Authenticator.notGranted("APIROLE", "/snowpark/customers/top10")));
            JsonObject throttled = errorResponse("Too many failed attempts from this address", AccessGate.TOO_MANY_FAILURES);
            throttled.putObject("headers").put("Retry-After", reference("#/components/headers/Retry-After"));
            responses.put("Throttled", throttled);
        }
        unauthenticated.putObject("headers").putObject("WWW-Authenticate").putObject("schema").put("type", "string");
        responses.put("Unauthenticated", unauthenticated);
    }

    private static JsonObject reportOperation(QueryFamily family, Endpoint<?> endpoint, long maxResultBytes) {
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
        parameters.addObject().put("name", "If-Match").put("in", "header").put("required", false)
                .put("description", "ETags of the answers the client will take; when none is current the answer is 412")
                .putObject("schema").put("type", "string");
        JsonObject responses = responses(path);
        responses.put("304", reference("#/components/responses/NotModified"));
        responses.put("412", reference("#/components/responses/PreconditionFailed"));
        responses.put("400", badRequest(endpoint, maxResultBytes));
        responses.put("404", reference("#/components/responses/NotFound"));
        responses.put("405", reference("#/components/responses/MethodNotAllowed"));
        responses.put("429", reference("#/components/responses/TooManyRequests"));
        responses.put("500", reference("#/components/responses/WarehouseFailed"));
        responses.put("503", reference("#/components/responses/Unavailable"));
        responses.put("504", reference("#/components/responses/QueryTimedOut"));
        return path;
    }

    private static JsonObject parameter(Parameter<?> parameter) {
        JsonObject node = new JsonObject();
        node.put("name", parameter.name());
        node.put("in", parameter.location().name().toLowerCase(Locale.ROOT));
        node.put("required", parameter.isRequired());
        if (!parameter.description().isBlank()) {
            node.put("description", parameter.description());
        }
        JsonObject schema = schema(parameter.format());
        parameter.constraints().forEach(schema::put);
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
            // The parsers take 64 bits at most: a longer value is a 400, whatever the bounds.
            case "integer" -> schema.put("type", "integer").put("format", "int64");
            case "digits" -> schema.put("type", "string").put("pattern", "^[0-9]+$");
            // Text, as the server reads it: a client that held a number would send 1e-7 for 0.0000001, or round
            // it through a double. The pattern is the parser's; minimum and maximum, which JSON Schema applies
            // to numbers alone, still say the declared bounds.
            case "decimal" -> schema.put("type", "string").put("format", "decimal").put("pattern", Inputs.DECIMAL_PATTERN);
            // RFC 3339's date-time has an offset: a wall-clock time has the pattern alone.
            case "timestamp" -> schema.put("type", "string").put("pattern", Inputs.TIMESTAMP_PATTERN);
            case "timestamptz" -> schema.put("type", "string").put("format", "date-time").put("pattern", Inputs.TIMESTAMPTZ_PATTERN);
            default -> schema.put("type", "string");
        }
        return schema;
    }

    /** Whether a request can give values of its own to a query, which the warehouse may refuse: one that gives every parameter its example does, if any can. */
    private static boolean canBeRefusedItsValues(Endpoint<?> endpoint) {
        return endpoint.valuesOrigin(Parameter::example) == ValuesOrigin.REQUEST;
    }

    private static JsonObject badRequest(Endpoint<?> endpoint, long maxResultBytes) {
        JsonObject response = content("A parameter is not valid, the warehouse could not compute the answer for the values given,"
                + " or the answer would be longer than the server sends; the message says which", JSON, reference(ERROR_SCHEMA));
        JsonObject media = response.object("content").object(JSON);
        Set<String> messages = new LinkedHashSet<>();
        for (Parameter<?> parameter : endpoint.parameters()) {
            messages.addAll(parameter.errors());
            if (parameter.location() == Parameter.Location.QUERY) {
                messages.add(QueryString.givenTwice(parameter.name()));
                messages.add(QueryString.undecodable(parameter.name()));
                messages.add(QueryString.undecodableName());
            }
        }
        if (canBeRefusedItsValues(endpoint)) {
            for (ValuesRefusedException.Reason reason : ValuesRefusedException.Reason.values()) {
                messages.add(reason.message());
            }
        }
        messages.add(ResultTooLargeException.message(maxResultBytes));
        JsonObject examples = media.putObject("examples");
        for (String message : messages) {
            JsonObject example = examples.putObject(exampleKey(message, examples));
            example.put("summary", message);
            example.putObject("value").put("error", message);
        }
        return response;
    }

    /**
     * The message in lower case with _ between its words, or "error" for one without a letter or digit
     * of a to z or 0 to 9 ("?!"); messages that differ only in case or punctuation ("Bad value!", "Bad
     * value.") would share it, so a later one gets _2, _3, ...
     */
    private static String exampleKey(String message, JsonObject examples) {
        String words = message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        if (words.isEmpty()) {
            words = "error";
        }
        String key = words;
        for (int n = 2; examples.has(key); n++) {
            key = words + "_" + n;
        }
        return key;
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
                String type = switch (column.type()) {
                    case INTEGER -> "integer";
                    case STRING, TIMESTAMP -> "string";
                    case MONEY, DECIMAL, DOUBLE -> "number";
                    case BOOLEAN -> "boolean";
                };
                JsonObject property = new JsonObject().put("type", column.nullable() ? new JsonArray().add(type).add("null") : type);
                switch (column.type()) {
                    case MONEY -> property.put("description", "An exact decimal with two places, never a binary-float rounding");
                    case DECIMAL -> property.put("description", "An exact decimal, as the warehouse computed it");
                    case DOUBLE -> property.put("format", "double")
                            .put("description", "A binary float, with the shortest digits that read back to it");
                    // No format date-time: RFC 3339 has no time without an offset, and a timestamp without time zone is one.
                    case TIMESTAMP -> property.put("pattern", Json.TIMESTAMP_PATTERN)
                            .put("description", "ISO 8601: with a Z, a moment in UTC (a timestamp with time zone); without, a wall-clock"
                                    + " time (a timestamp without time zone); the fraction's digits without trailing zeros");
                    default -> { }
                }
                properties.put(column.name(), property);
            }
        }

        JsonObject headers = components.putObject("headers");
        headers.putObject("Retry-After").put("description", "Seconds to wait before trying again")
                .putObject("schema").put("type", "integer");
        headers.putObject("Server-Timing").put("description", "The warehouse query's time, e.g. query;dur=3.25 (milliseconds),"
                        + " with the way it was computed where the endpoint has more than one, e.g. query;dur=3.25;desc=\"window totals\""
                        + " (the top 10 on the embedded data: window totals, orders, customer key ranges or customer key ranges of orders by customer),"
                        + " or cache;desc=hit when the result cache answered")
                .putObject("schema").put("type", "string");
        headers.putObject("ETag").put("description", "A strong entity tag of the body, the same under each family that serves the endpoint")
                .putObject("schema").put("type", "string");
        headers.putObject("Cache-Control").put("description", "Clients may keep the body but revalidate it with If-None-Match")
                .putObject("schema").put("type", "string");

        JsonObject responses = components.putObject("responses");
        JsonObject notModified = responses.putObject("NotModified");
        notModified.put("description", "The client's If-None-Match names the current answer");
        notModified.putObject("headers").put("ETag", reference("#/components/headers/ETag"));
        responses.put("PreconditionFailed", errorResponse("The client's If-Match names no current answer", HttpCaching.IF_MATCH_FAILED));
        responses.put("NotFound", errorResponse("No such path", ApiServer.NOT_FOUND));
        responses.put("MethodNotAllowed", errorResponse("The path exists, but not for this method", "Method POST is not allowed here."));
        responses.put("WarehouseFailed", errorResponse("The warehouse failed the query, or a declared endpoint does not fit its"
                + " declaration; the server log holds the cause", ApiServer.WAREHOUSE_FAILED));
        JsonObject unavailable = errorResponse("The warehouse cannot be reached or is saturated, the embedded data is being generated"
                + " (\"" + HealthRoutes.DATA_BEING_MADE + "\"), or in built-in mode the user store cannot be reached",
                ApiServer.WAREHOUSE_UNAVAILABLE);
        unavailable.putObject("headers").put("Retry-After", reference("#/components/headers/Retry-After"));
        responses.put("Unavailable", unavailable);
        JsonObject tooManyRequests = errorResponse("The caller, or the server, has as many requests running as it may, or the caller"
                        + " has made as many requests lately as the server's rate limit per caller allows; Retry-After says when to try again",
                ConcurrencyLimits.perCallerLimitReached(RequestLimits.DEFAULTS.concurrentPerCaller()));
        tooManyRequests.putObject("headers").put("Retry-After", reference("#/components/headers/Retry-After"));
        responses.put("TooManyRequests", tooManyRequests);
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

    private static JsonObject htmlPage() {
        return content("An HTML page", HTML, new JsonObject().put("type", "string"));
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
