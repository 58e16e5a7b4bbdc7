package dataapi.http;

import dataapi.auth.Caller;
import dataapi.endpoint.BadRequestException;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.family.QueryFamily;
import dataapi.json.Json;
import dataapi.warehouse.WarehouseUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** The HTTP face of the server: every route is declared in {@link #routes}. */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final Logger requestLog = LoggerFactory.getLogger("dataapi.request");
    static final String JSON = "application/json";
    static final String WAREHOUSE_FAILED = "Error reading from the warehouse. Check the logs for details.";
    private static final String RETRY_AFTER_SECONDS = "5";

    private final List<Endpoint<?>> endpoints;
    private final List<QueryFamily> families;
    private final TestConsole testConsole;
    private final Javalin javalin;

    public ApiServer(String host, int port, List<Endpoint<?>> endpoints, List<QueryFamily> families) {
        this(host, port, endpoints, families, ServerAccess.open());
    }

    public ApiServer(String host, int port, List<Endpoint<?>> endpoints, List<QueryFamily> families, ServerAccess access) {
        this.endpoints = List.copyOf(endpoints);
        this.families = List.copyOf(families);
        this.testConsole = new TestConsole(this.endpoints, this.families);
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = requireNonNull(host, "host is null");
            config.jetty.port = port;
            config.http.defaultContentType = JSON;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.requestLogger.http(ApiServer::logRequest);
            access.install(config, host, port, this.families.stream().map(family -> "/" + family.family().pathSegment() + "/").toList());
            routes(config);
            errors(config);
        });
    }

    private void routes(JavalinConfig config) {
        config.routes.get("/", ctx -> json(ctx, Json.object("result", "Nothing to see here")));
        for (QueryFamily family : families) {
            for (Endpoint<?> endpoint : endpoints) {
                config.routes.get("/" + family.family().pathSegment() + endpoint.path(), handler(family, endpoint));
            }
        }
        testConsole.addRoutes(config);
    }

    private static <P> Handler handler(QueryFamily family, Endpoint<P> endpoint) {
        return ctx -> {
            P parameters = endpoint.bind(requestValues(ctx));
            json(ctx, family.run(endpoint, parameters, rows -> Json.rows(rows, endpoint.columns())));
        };
    }

    /** A query parameter given twice is ambiguous, so it is refused rather than guessed. */
    private static RequestValues requestValues(Context ctx) {
        return (Parameter<?> parameter) -> switch (parameter.location()) {
            case PATH -> ctx.pathParam(parameter.name());
            case QUERY -> {
                List<String> values = ctx.queryParams(parameter.name());
                if (values.size() > 1) {
                    throw new BadRequestException("Parameter " + parameter.name() + " was given more than once.");
                }
                yield values.isEmpty() ? null : values.get(0);
            }
        };
    }

    private static void errors(JavalinConfig config) {
        config.routes.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        config.routes.exception(WarehouseUnavailableException.class, (e, ctx) -> {
            log.warn("{} {}: warehouse unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            error(ctx, 503, "The warehouse is unavailable or busy. Retry later.");
        });
        config.routes.exception(SQLException.class, (e, ctx) -> {
            log.error("{} {}: the warehouse failed the query", ctx.method(), ctx.path(), e);
            error(ctx, 500, WAREHOUSE_FAILED);
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Internal server error. Check the logs for details.");
        });
        config.routes.error(404, "*", ctx -> error(ctx, 404, "Not found!"));
        config.routes.error(405, "*", ctx -> error(ctx, 405, "Method " + ctx.method() + " is not allowed here."));
    }

    static void json(Context ctx, byte[] body) {
        ctx.contentType(JSON).result(body);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, Json.error(message));
    }

    private static void logRequest(Context ctx, Float millis) {
        Caller caller = ctx.attribute(Caller.ATTRIBUTE);
        requestLog.info("{} {} {} {}ms{}", ctx.method(), ctx.path(), ctx.statusCode(), String.format(Locale.ROOT, "%.1f", millis),
                caller == null ? "" : " " + caller);
    }

    public ApiServer start() {
        javalin.start();
        return this;
    }

    /** The port listened on, once started. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
