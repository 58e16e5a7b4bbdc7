package dataapi.http;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;

import java.time.Duration;

/**
 * The HTTP server's own bounds, so that hostile input is refused cheaply with a JSON 4xx before any
 * route runs: the size of the request line and headers (431, or 414 for a long URI) and of a body
 * (413, once it is read and dropped when it is at most {@link OversizeBodies#MAX_READ_BYTES}; no
 * route takes one). And a graceful stop: on close, new connections are refused while the
 * requests in flight get up to the grace period to finish. The routes sit inside these, behind
 * {@link HeadAsGet} and {@link UnreservedPath}.
 */
final class ServerLimits {
    /** Request line plus headers; a URI longer than this is refused as well. */
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    /** No route reads a body; a small one is tolerated, a larger one refused ({@link OversizeBodies}). */
    static final long MAX_REQUEST_BODY_BYTES = 16 * 1024;

    private ServerLimits() {
    }

    /** @param refusals what else happens to a request refused before any route ran */
    static void apply(JavalinConfig config, Duration shutdownGrace, JsonErrorHandler.Refusals refusals) {
        config.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
            http.setSendServerVersion(false);
            // Jetty's per-connection cache of header lines grows to about 100 KB a keep-alive browser
            // connection: a few hundred of them filled the 64 MB heap of the 256 MB container.
            http.setHeaderCacheSize(0);
        });
        config.jetty.modifyServer(server -> {
            server.setErrorHandler(new JsonErrorHandler(refusals));
            server.setStopTimeout(shutdownGrace.toMillis());
            // Javalin puts its routes inside the innermost wrapper.
            GracefulHandler graceful = new GracefulHandler();
            OversizeBodies oversize = new OversizeBodies(MAX_REQUEST_BODY_BYTES);
            SizeLimitHandler sizeLimit = new SizeLimitHandler(MAX_REQUEST_BODY_BYTES, -1);
            HeadAsGet headAsGet = new HeadAsGet();
            headAsGet.setHandler(new UnreservedPath());
            sizeLimit.setHandler(headAsGet);
            oversize.setHandler(sizeLimit);
            graceful.setHandler(oversize);
            server.setHandler(graceful);
        });
    }
}
