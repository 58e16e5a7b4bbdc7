package dataapi.http;

import dataapi.Closeables;
import dataapi.auth.Caller;
import dataapi.cache.CachedResult;
import dataapi.cache.ResultCache;
import dataapi.config.RequestLimits;
import dataapi.declared.MisdeclaredEndpointException;
import dataapi.endpoint.BadRequestException;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.endpoint.ValuesOrigin;
import dataapi.family.QueryFamily;
import dataapi.json.Json;
import dataapi.json.ResultNotAsDeclaredException;
import dataapi.json.ResultTooLargeException;
import dataapi.warehouse.ColumnNotConvertedException;
import dataapi.warehouse.QueryCancelledException;
import dataapi.warehouse.QueryTimeoutException;
import dataapi.warehouse.ValuesRefusedException;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.WarehouseUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP face of the server: every route is declared in {@link #routes(JavalinConfig, AccessGate)}, but for those of the
 * metrics port, when it has one ({@link MetricsListener}).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final String JSON = "application/json";
    static final String WAREHOUSE_FAILED = "Error reading from the warehouse. Check the logs for details.";
    static final String QUERY_TIMED_OUT = "The query took too long and was cancelled.";
    static final String INTERNAL_ERROR = "Internal server error. Check the logs for details.";
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
    private final Optional<MetricsListener> metricsListener;
    private final ConcurrencyLimits concurrencyLimits;
    private final RateLimit rateLimit;
    private final long maxResultBytes;
    private final ClientDisconnects clientDisconnects = new ClientDisconnects();
    private final LongWork longWork;
    private final RouteNames routeNames = new RouteNames();
    /**
     * Warnings of requests that any caller can make fail so at will, so that a flood of them is not a flood of lines:
     * those of the caller's values, and those of the warehouse's state, apart, so that the first hide none of the second.
     */
    private final ThrottledWarnings valuesWarnings = new ThrottledWarnings(log, Clock.systemUTC());
    private final ThrottledWarnings warehouseWarnings = new ThrottledWarnings(log, Clock.systemUTC());
    private final Javalin javalin;

    /**
     * @param port the API's port; 0 picks a free one
     * @param metricsPort where {@code /metrics} is served, on a listener of its own, instead of on {@code port}; 0 picks a free one
     * @param limits the concurrency and rate limits of report requests, the longest answer and the shutdown grace period
     * @param warehouseReadiness whether the warehouse answers queries now, and if not why, for {@code /readyz}
     * @param metrics where requests are counted, served at {@code /metrics}
     * @param accessLog where a line per request goes
     * @param access who may call what: authentication, TLS and CORS
     */
    public ApiServer(String host, int port, OptionalInt metricsPort, List<? extends Endpoint<?>> endpoints, List<QueryFamily> families,
                     ResultCache results, RequestLimits limits, Supplier<Warehouse.Readiness> warehouseReadiness, Metrics metrics,
                     AccessLog accessLog, ServerAccess access) {
        this(host, port, metricsPort, endpoints, families, results, limits, warehouseReadiness, metrics, accessLog, access,
                LongWork.onVirtualThreadsIfAny());
    }

    /** As above, with requests that have long work ahead (a query, a login) going on where {@code longWork} says. */
    ApiServer(String host, int port, OptionalInt metricsPort, List<? extends Endpoint<?>> endpoints, List<QueryFamily> families,
              ResultCache results, RequestLimits limits, Supplier<Warehouse.Readiness> warehouseReadiness, Metrics metrics,
              AccessLog accessLog, ServerAccess access, LongWork longWork) {
        this.longWork = requireNonNull(longWork, "longWork is null");
        this.endpoints = List.copyOf(endpoints);
        this.families = List.copyOf(families);
        this.results = requireNonNull(results, "results is null");
        boolean metricsHere = metricsPort.isEmpty();
        Set<String> operatorPaths = operatorPaths(metricsHere);
        this.testConsole = new TestConsole(this.endpoints, this.families, metricsHere);
        this.apiDocs = new ApiDocs(this.endpoints, this.families, access.gate(), operatorPaths, limits.maxResultBytes());
        this.healthRoutes = new HealthRoutes(warehouseReadiness, access.gate()::isReady);
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.metricsListener = metricsPort.isPresent()
                ? Optional.of(new MetricsListener(host, metricsPort.getAsInt(), metrics, healthRoutes, accessLog, limits.shutdownGrace()))
                : Optional.empty();
        this.concurrencyLimits = new ConcurrencyLimits(limits.concurrentPerCaller(), limits.concurrentTotal());
        this.rateLimit = RateLimit.of(limits.ratePerCaller());
        this.maxResultBytes = limits.maxResultBytes();
        Optional<CrossOrigin> crossOrigin = CrossOrigin.of(access.corsOrigins());
        PortBasics basics = new PortBasics(routeNames, accessLog, metrics, crossOrigin);
        this.javalin = Javalin.create(config -> {
            longWork.requestThreads().ifPresent(threads -> config.jetty.threadPool = threads);
            basics.install(config, limits.shutdownGrace());
            // Over plain HTTP to an HTTPS port nothing is served, a CORS preflight included.
            access.listen(config, host, port);
            access.readForwarded(config);
            config.routes.before(BodyCharset::refuseUnreadable);
            // Ahead of the gate: its refusals carry CORS too, and a preflight is answered without credentials.
            crossOrigin.ifPresent(cors -> cors.install(config));
            access.guard(config, this.families.stream().map(family -> "/" + family.family().pathSegment() + "/").toList(), operatorPaths);
            routes(config, access.gate());
            errors(config);
        });
        routeNames.routesOf(javalin);
    }

    /**
     * The paths orchestrators and scrapers call on the API's port, without credentials in any mode:
     * the probes, and {@code /metrics} unless the metrics have a port of their own.
     */
    private static Set<String> operatorPaths(boolean metricsHere) {
        Set<String> paths = new HashSet<>(HealthRoutes.PATHS);
        if (metricsHere) {
            paths.add(Metrics.PATH);
        }
        return Set.copyOf(paths);
    }

    private void routes(JavalinConfig config, AccessGate gate) {
        config.routes.get("/", ctx -> HttpCaching.send(ctx, ROOT));
        gate.addRoutes(config, longWork);
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
        if (metricsListener.isEmpty()) {
            metrics.addRoutes(config);
        }
    }

    private <P> Handler handler(QueryFamily family, Endpoint<P> endpoint) {
        return ctx -> {
            RequestFacts facts = RequestFacts.of(ctx).report(endpoint.id(), family.family());
            // The rate is of what a caller asks: every request counts, whether the cache answers it or its input is refused.
            rateLimit.admit(ctx);
            RequestValues request = requestValues(ctx);
            P parameters = endpoint.bind(request);
            Caller caller = caller(ctx);
            ResultCache.Key key = new ResultCache.Key(endpoint.id(), family.family().pathSegment(), parameters, caller.role().orElse(null));
            // The concurrency limits guard the warehouse, so they apply when a query runs, not to answers from the cache.
            // A result that is ready is answered on this thread; the others go on where waiting is cheap.
            Optional<CachedResult> ready = results.ready(key);
            if (ready.isPresent()) {
                answer(ctx, facts, ready.get());
                return;
            }
            // Identical requests share a query and its failure: whose values they are is each request's own.
            facts.valuesOrigin(endpoint.valuesOrigin(request));
            longWork.goOn(ctx, () -> answer(ctx, facts, results.get(key, () -> {
                byte[] body;
                endpoint.plan(parameters).ifPresent(facts::plan);
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

    private static RequestValues requestValues(Context ctx) {
        return (Parameter<?> parameter) -> switch (parameter.location()) {
            case PATH -> ctx.pathParam(parameter.name());
            case QUERY -> QueryString.single(ctx.queryString(), parameter.name());
        };
    }

    private void errors(JavalinConfig config) {
        config.routes.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        config.routes.exception(ResultTooLargeException.class, (e, ctx) -> {
            valuesWarnings.warn("{} {}: refused, the answer is longer than --max-result-size", ctx.method(), ctx.path());
            error(ctx, 400, e.getMessage());
        });
        config.routes.exception(ValuesRefusedException.class, (e, ctx) -> {
            if (RequestFacts.of(ctx).valuesOrigin() != ValuesOrigin.REQUEST) {
                // The server's values alone: not the caller's doing, so the query failed as any other does.
                queryFailed(e.getCause(), ctx);
                return;
            }
            // One line: the caller is told what kind of value failed, the log what the warehouse said of it.
            valuesWarnings.warn("{} {}: the warehouse could not compute the answer for the request's values: {}", ctx.method(), ctx.path(),
                    e.getMessage());
            error(ctx, 400, e.reason().message());
        });
        config.routes.exception(ResultNotAsDeclaredException.class, (e, ctx) -> {
            // One line: a stack trace would say nothing more, on every request until the declaration is mended.
            log.error("{} {}: the result does not fit the endpoint's declaration: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 500, INTERNAL_ERROR);
        });
        config.routes.exception(ColumnNotConvertedException.class, (e, ctx) -> {
            // One line: a stack trace would say nothing more, on every request until the SQL is mended.
            log.error("{} {}: endpoint {}: {}", ctx.method(), ctx.path(), RequestFacts.of(ctx).endpoint(), e.getMessage());
            error(ctx, 500, WAREHOUSE_FAILED);
        });
        config.routes.exception(WarehouseUnavailableException.class, (e, ctx) -> {
            if (!e.isAnnounced()) {
                warehouseWarnings.warn("{} {}: warehouse unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            }
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            error(ctx, 503, e.isDataBeingMade() ? HealthRoutes.DATA_BEING_MADE : WAREHOUSE_UNAVAILABLE);
        });
        config.routes.exception(TooManyRequestsException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            error(ctx, 429, e.getMessage());
        });
        config.routes.exception(QueryTimeoutException.class, (e, ctx) -> {
            warehouseWarnings.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
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
                PortBasics.failed(e, ctx);
            }
        });
        // A report that does not fit its table answers as any query the warehouse failed; a declared endpoint says it cannot run.
        config.routes.exception(MisdeclaredEndpointException.class, (e, ctx) -> error(ctx, 500, e.answer().orElse(WAREHOUSE_FAILED)));
        config.routes.exception(SQLException.class, ApiServer::queryFailed);
    }

    private static void queryFailed(Throwable e, Context ctx) {
        log.error("{} {}: the warehouse failed the query", ctx.method(), ctx.path(), e);
        error(ctx, 500, WAREHOUSE_FAILED);
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

    public ApiServer start() {
        javalin.start();
        try {
            metricsListener.ifPresent(MetricsListener::start);
        } catch (RuntimeException e) {
            // The start fails as a whole: the API's port, bound already, is given back.
            javalin.stop();
            throw e;
        }
        return this;
    }

    /** The API's port, once started. */
    public int port() {
        return javalin.port();
    }

    /** The metrics port, once started, when the metrics have one. */
    public OptionalInt metricsPort() {
        return metricsListener.map(listener -> OptionalInt.of(listener.port())).orElseGet(OptionalInt::empty);
    }

    /** Every route, as {@code METHOD /path}. */
    List<String> routes() {
        return routeNames.all();
    }

    /** Stops both listeners, each letting the requests in flight finish within the shutdown grace period. */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> resources = new ArrayList<>(List.of(javalin::stop));
        metricsListener.ifPresent(resources::add);
        resources.add(clientDisconnects);
        Closeables.closeAll(resources);
    }
}
