package dataapi.http;

import dataapi.auth.Caller;
import dataapi.cache.CachedResult;
import dataapi.cache.ResultCache;
import dataapi.config.RequestLimits;
import dataapi.declared.MisdeclaredEndpointException;
import dataapi.endpoint.BadRequestException;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.family.QueryFamily;
import dataapi.json.Json;
import dataapi.json.ResultNotAsDeclaredException;
import dataapi.json.ResultTooLargeException;
import dataapi.warehouse.QueryCancelledException;
import dataapi.warehouse.QueryTimeoutException;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.WarehouseUnavailableException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** The HTTP face of the server: every route is declared in {@link #routes}. */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final String JSON = "application/json";
    static final String WAREHOUSE_FAILED = "Error reading from the warehouse. Check the logs for details.";
    static final String QUERY_TIMED_OUT = "The query took too long and was cancelled.";
    private static final String INTERNAL_ERROR = "Internal server error. Check the logs for details.";
    static final String NOT_FOUND = "Not found!";
    static final String WAREHOUSE_UNAVAILABLE = "The warehouse is unavailable or busy. Retry later.";
    static final String RETRY_AFTER_SECONDS = "5";
    private static final int CLIENT_CLOSED_REQUEST = 499;
    /** Bodies this large or larger are gzipped for clients that accept it; smaller ones gain too little. */
    static final int GZIP_FROM_BYTES = 1024;
    private static final CachedResult ROOT = CachedResult.of(Json.object("result", "Nothing to see here"), GZIP_FROM_BYTES);

    private final List<Endpoint<?>> endpoints;
    private final List<QueryFamily> families;
    private final ResultCache results;
    private final TestConsole testConsole;
    private final ApiDocs apiDocs;
    private final HealthRoutes healthRoutes;
    private final Metrics metrics;
    private final AccessLog accessLog;
    private final ConcurrencyLimits concurrencyLimits;
    private final RateLimit rateLimit;
    private final long maxResultBytes;
    private final ClientDisconnects clientDisconnects = new ClientDisconnects();
    private final LongWork longWork;
    private final RouteNames routeNames = new RouteNames();
    private final Optional<CrossOrigin> crossOrigin;
    private final Javalin javalin;

    /**
     * @param limits the concurrency and rate limits of report requests, the longest answer and the shutdown grace period
     * @param warehouseReadiness whether the warehouse answers queries now, and if not why, for {@code /readyz}
     * @param metrics where requests are counted, served at {@code /metrics}
     * @param accessLog where a line per request goes
     * @param access who may call what: authentication, TLS and CORS
     */
    public ApiServer(String host, int port, List<? extends Endpoint<?>> endpoints, List<QueryFamily> families, ResultCache results,
                     RequestLimits limits, Supplier<Warehouse.Readiness> warehouseReadiness, Metrics metrics, AccessLog accessLog,
                     ServerAccess access) {
        this(host, port, endpoints, families, results, limits, warehouseReadiness, metrics, accessLog, access,
                LongWork.onVirtualThreadsIfAny());
    }

    /** As above, with requests that have long work ahead (a query, a login) going on where {@code longWork} says. */
    ApiServer(String host, int port, List<? extends Endpoint<?>> endpoints, List<QueryFamily> families, ResultCache results,
              RequestLimits limits, Supplier<Warehouse.Readiness> warehouseReadiness, Metrics metrics, AccessLog accessLog,
              ServerAccess access, LongWork longWork) {
        this.longWork = requireNonNull(longWork, "longWork is null");
        this.endpoints = List.copyOf(endpoints);
        this.families = List.copyOf(families);
        this.results = requireNonNull(results, "results is null");
        this.testConsole = new TestConsole(this.endpoints, this.families);
        this.apiDocs = new ApiDocs(this.endpoints, this.families, access.gate(), limits.maxResultBytes());
        this.healthRoutes = new HealthRoutes(warehouseReadiness, access.gate()::isReady);
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.accessLog = requireNonNull(accessLog, "accessLog is null");
        this.concurrencyLimits = new ConcurrencyLimits(limits.concurrentPerCaller(), limits.concurrentTotal());
        this.rateLimit = RateLimit.of(limits.ratePerCaller());
        this.maxResultBytes = limits.maxResultBytes();
        this.crossOrigin = CrossOrigin.of(access.corsOrigins());
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = requireNonNull(host, "host is null");
            config.jetty.port = port;
            longWork.requestThreads().ifPresent(threads -> config.jetty.threadPool = threads);
            config.http.defaultContentType = JSON;
            config.http.compressionStrategy = gzipFrom(GZIP_FROM_BYTES);
            config.router.ignoreTrailingSlashes = true;
            config.requestLogger.http(this::requestDone);
            config.routes.before(RequestFacts::start);
            // Any answer may be gzipped (bodies of 1 KB or more, for clients that accept it), so caches must key on the encoding.
            config.routes.before(ctx -> ctx.res().addHeader("Vary", "Accept-Encoding"));
            config.routes.before(BodyCharset::refuseUnreadable);
            ServerLimits.apply(config, limits.shutdownGrace(), this::refused);
            // Ahead of the gate: its refusals carry CORS too, and a preflight is answered without credentials.
            crossOrigin.ifPresent(cors -> cors.install(config));
            access.install(config, host, port, this.families.stream().map(family -> "/" + family.family().pathSegment() + "/").toList(), longWork);
            routes(config);
            errors(config);
        });
        routeNames.routesOf(javalin);
    }

    private void routes(JavalinConfig config) {
        config.routes.get("/", ctx -> HttpCaching.send(ctx, ROOT));
        for (QueryFamily family : families) {
            for (Endpoint<?> endpoint : endpoints) {
                if (family.serves(endpoint)) {
                    String path = "/" + family.family().pathSegment() + endpoint.path();
                    config.routes.get(path, handler(family, endpoint));
                    routeNames.report(path, endpoint.id(), family.family());
                }
            }
        }
        testConsole.addRoutes(config);
        apiDocs.addRoutes(config);
        healthRoutes.addRoutes(config);
        metrics.addRoutes(config);
    }

    private <P> Handler handler(QueryFamily family, Endpoint<P> endpoint) {
        return ctx -> {
            RequestFacts facts = RequestFacts.of(ctx).report(endpoint.id(), family.family());
            // The rate is of what a caller asks: every request counts, whether the cache answers it or its input is refused.
            rateLimit.admit(ctx);
            P parameters = endpoint.bind(requestValues(ctx));
            Caller caller = caller(ctx);
            ResultCache.Key key = new ResultCache.Key(endpoint.id(), family.family().pathSegment(), parameters, caller.role().orElse(null));
            // The concurrency limits guard the warehouse, so they apply when a query runs, not to answers from the cache.
            // A result that is ready is answered on this thread; the others go on where waiting is cheap.
            Optional<CachedResult> ready = results.ready(key);
            if (ready.isPresent()) {
                answer(ctx, facts, ready.get());
                return;
            }
            longWork.goOn(ctx, () -> answer(ctx, facts, results.get(key, () -> {
                byte[] body;
                try (ConcurrencyLimits.Permit ignored = concurrencyLimits.acquire(ctx);
                     ClientDisconnects.Watch client = clientDisconnects.watch(ctx)) {
                    body = facts.query(
                            () -> family.run(endpoint, parameters, client.cancelSignal(), rows -> Json.rows(rows, endpoint.columns(), maxResultBytes)),
                            Json.Rows::count).body();
                } catch (QueryCancelledException e) {
                    // This request's client went away; others waiting for the same result run it again.
                    throw clientGone(e);
                }
                // Hashed and gzipped once the warehouse's permit is given back.
                return CachedResult.of(body, GZIP_FROM_BYTES);
            })));
        };
    }

    private static void answer(Context ctx, RequestFacts facts, CachedResult result) {
        ctx.header("Server-Timing", facts.serverTiming());
        HttpCaching.send(ctx, result);
    }

    private static CancellationException clientGone(QueryCancelledException e) {
        CancellationException gone = new CancellationException(e.getMessage());
        gone.initCause(e);
        return gone;
    }

    /** Jetty refused the body as it was read: what is left of it cannot be told from a next request, so the connection ends, and says so. */
    private static void refusedByJetty(Context ctx, int status) {
        ctx.status(status);
        ctx.header("Connection", "close");
        json(ctx, JsonErrorHandler.body(status));
    }

    private static void failed(Exception e, Context ctx) {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, INTERNAL_ERROR);
    }

    /** Javalin's compression, for the answers that are not {@link CachedResult}s, which carry their own gzip coding. */
    private static CompressionStrategy gzipFrom(int bytes) {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        gzip.setDefaultMinSizeForCompression(bytes);
        return gzip;
    }

    private static RequestValues requestValues(Context ctx) {
        return (Parameter<?> parameter) -> switch (parameter.location()) {
            case PATH -> ctx.pathParam(parameter.name());
            case QUERY -> QueryString.single(ctx.queryString(), parameter.name());
        };
    }

    private static void errors(JavalinConfig config) {
        config.routes.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        config.routes.exception(ResultTooLargeException.class, (e, ctx) -> {
            log.warn("{} {}: refused, the answer is longer than --max-result-size", ctx.method(), ctx.path());
            error(ctx, 400, e.getMessage());
        });
        config.routes.exception(ResultNotAsDeclaredException.class, (e, ctx) -> {
            // One line: a stack trace would say nothing more, on every request until the declaration is mended.
            log.error("{} {}: the result does not fit the endpoint's declaration: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 500, INTERNAL_ERROR);
        });
        config.routes.exception(WarehouseUnavailableException.class, (e, ctx) -> {
            if (!e.isAnnounced()) {
                log.warn("{} {}: warehouse unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            }
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            error(ctx, 503, e.isDataBeingMade() ? HealthRoutes.DATA_BEING_MADE : WAREHOUSE_UNAVAILABLE);
        });
        config.routes.exception(TooManyRequestsException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            error(ctx, 429, e.getMessage());
        });
        config.routes.exception(QueryTimeoutException.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 504, QUERY_TIMED_OUT);
        });
        config.routes.exception(CancellationException.class, (e, ctx) -> {
            log.info("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            // Nobody reads this answer; the status, nginx's "client closed request", is for the request log.
            error(ctx, CLIENT_CLOSED_REQUEST, "The client went away.");
        });
        // Jetty's own refusal met while a route reads the request, e.g. a body over the limit sent without a length;
        // a multipart form it cannot read comes wrapped in the servlet API's exception.
        config.routes.exception(HttpException.RuntimeException.class, (e, ctx) -> refusedByJetty(ctx, e.getCode()));
        config.routes.exception(ServletException.class, (e, ctx) -> {
            if (e.getCause() instanceof HttpException.RuntimeException jetty) {
                refusedByJetty(ctx, jetty.getCode());
            } else {
                failed(e, ctx);
            }
        });
        config.routes.exception(MisdeclaredEndpointException.class, (e, ctx) -> error(ctx, 500, e.getMessage()));
        config.routes.exception(SQLException.class, (e, ctx) -> {
            log.error("{} {}: the warehouse failed the query", ctx.method(), ctx.path(), e);
            error(ctx, 500, WAREHOUSE_FAILED);
        });
        config.routes.exception(Exception.class, ApiServer::failed);
        config.routes.error(404, "*", ctx -> error(ctx, 404, NOT_FOUND));
        MethodNotAllowed.install(config, (ctx, message) -> error(ctx, 405, message));
    }

    static void json(Context ctx, byte[] body) {
        ctx.contentType(JSON).result(body);
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, Json.error(message));
    }

    /** Who the access layer let in; anonymous when authentication is off. */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(Caller.ATTRIBUTE);
        return caller != null ? caller : Caller.ANONYMOUS;
    }

    private void requestDone(Context ctx, Float millis) {
        RequestFacts facts = RequestFacts.of(ctx);
        routeNames.name(facts, ctx);
        Caller caller = caller(ctx);
        if (!caller.isAnonymous()) {
            facts.caller(caller.toString());
        }
        accessLog.write(ctx, facts, millis);
        metrics.record(ctx, facts, millis);
    }

    /** A request Jetty refused before any route ran: it gets a request id, CORS headers, a log line and its count, as every answer does. */
    private void refused(Request request, Response response, int status) {
        RequestFacts facts = RequestFacts.refused(request.getHeaders().get(RequestFacts.REQUEST_ID_HEADER));
        response.getHeaders().put(RequestFacts.REQUEST_ID_HEADER, facts.requestId());
        crossOrigin.ifPresent(cors -> cors.refused(request, response));
        float millis = (System.nanoTime() - request.getBeginNanoTime()) / 1e6f;
        HttpURI uri = request.getHttpURI();
        String method = request.getMethod();
        String path = uri == null ? null : uri.getPath();
        // Jetty names a request whose request line it could not read (a URI too long, a malformed line) "BAD /badMessage":
        // logged with neither method nor path, rather than with stand-ins no client sent.
        if ("BAD".equals(method) && "/badMessage".equals(path)) {
            method = null;
            path = null;
        }
        routeNames.name(facts, path);
        accessLog.write(facts, method, path, status, millis);
        metrics.record(facts, status, millis);
    }

    public ApiServer start() {
        javalin.start();
        return this;
    }

    /** The port listened on, once started. */
    public int port() {
        return javalin.port();
    }

    /** Every route, as {@code METHOD /path}. */
    List<String> routes() {
        return routeNames.all();
    }

    @Override
    public void close() throws IOException {
        javalin.stop();
        clientDisconnects.close();
    }
}
