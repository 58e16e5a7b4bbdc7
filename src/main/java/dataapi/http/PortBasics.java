package dataapi.http;

import dataapi.auth.Caller;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What every port the server listens on does alike, the API's and the metrics': answers in JSON
 * unless a route says otherwise, gzipped from 1 KB; one trailing slash ignored; a request id on
 * every answer; the server's limits and graceful stop ({@link ServerLimits}); 404, 405 and 500 in
 * JSON; and every request, one Jetty refuses before any route too, named by the port's own routes,
 * written to the access log and counted in the metrics.
 */
final class PortBasics {
    private static final Logger log = LoggerFactory.getLogger(PortBasics.class);

    private final RouteNames routeNames;
    private final AccessLog accessLog;
    private final Metrics metrics;
    private final Optional<CrossOrigin> crossOrigin;

    /**
     * @param routeNames the names of the port's routes, which its requests are logged and counted under
     * @param crossOrigin the CORS whose headers the answers Jetty gives before any route get as well
     */
    PortBasics(RouteNames routeNames, AccessLog accessLog, Metrics metrics, Optional<CrossOrigin> crossOrigin) {
        this.routeNames = requireNonNull(routeNames, "routeNames is null");
        this.accessLog = requireNonNull(accessLog, "accessLog is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.crossOrigin = requireNonNull(crossOrigin, "crossOrigin is null");
    }

    /** All but the connector, which differs between the ports ({@link BoundConnector}). */
    void install(JavalinConfig config, Duration shutdownGrace) {
        config.startup.showJavalinBanner = false;
        config.http.defaultContentType = ApiServer.JSON;
        config.http.compressionStrategy = gzipFrom(ApiServer.GZIP_FROM_BYTES);
        config.router.ignoreTrailingSlashes = true;
        config.requestLogger.http(this::done);
        config.routes.before(RequestFacts::start);
        // Any answer may be gzipped (bodies of 1 KB or more, for clients that accept it), so caches must key on the encoding.
        config.routes.before(ctx -> ctx.res().addHeader("Vary", "Accept-Encoding"));
        ServerLimits.apply(config, shutdownGrace, this::refused);
        config.routes.exception(Exception.class, PortBasics::failed);
        config.routes.error(404, "*", ctx -> ApiServer.error(ctx, 404, ApiServer.NOT_FOUND));
        MethodNotAllowed.install(config, (ctx, message) -> ApiServer.error(ctx, 405, message));
    }

    static void failed(Exception e, Context ctx) {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        ApiServer.error(ctx, 500, ApiServer.INTERNAL_ERROR);
    }

    /** Javalin's compression, for the answers that are not {@link dataapi.cache.CachedResult}s, which carry their own gzip coding. */
    private static CompressionStrategy gzipFrom(int bytes) {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        gzip.setDefaultMinSizeForCompression(bytes);
        return gzip;
    }

    private void done(Context ctx, Float millis) {
        RequestFacts facts = RequestFacts.of(ctx);
        routeNames.name(facts, ctx);
        Caller caller = ApiServer.caller(ctx);
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
}
