package dataapi.http;

import io.javalin.Javalin;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The metrics port ({@code serve --metrics-port}): {@code /metrics}, {@code /healthz} and
 * {@code /readyz} on a listener of their own, for a scraper and orchestrators on an internal
 * network, so that the API's port need not serve the metrics to whoever reaches it. It speaks plain
 * HTTP, whatever the API's port speaks, and asks for no credentials in any mode; only GET and HEAD
 * are served, any other path is a 404. Its requests are logged and counted as those paths are on
 * the API's port.
 */
final class MetricsListener implements AutoCloseable {
    /** Scrapes and probes come a few at a time; Jetty's acceptor and selector take two of these. */
    private static final int THREADS = 6;

    private final Javalin javalin;

    MetricsListener(String host, int port, Metrics metrics, HealthRoutes healthRoutes, AccessLog accessLog, Duration shutdownGrace) {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(healthRoutes, "healthRoutes is null");
        RouteNames routeNames = new RouteNames();
        // No browser page calls this port, so it answers no CORS.
        PortBasics basics = new PortBasics(routeNames, accessLog, metrics, Optional.empty());
        this.javalin = Javalin.create(config -> {
            QueuedThreadPool threads = new QueuedThreadPool(THREADS, 1);
            threads.setName("metrics-port");
            config.jetty.threadPool = threads;
            basics.install(config, shutdownGrace);
            BoundConnector.plainHttp(config, host, port);
            metrics.addRoutes(config);
            healthRoutes.addRoutes(config);
        });
        routeNames.routesOf(javalin);
    }

    void start() {
        javalin.start();
    }

    /** The port listened on, once started. */
    int port() {
        return javalin.port();
    }

    /** Stops listening, letting the requests in flight finish within the shutdown grace period. */
    @Override
    public void close() {
        javalin.stop();
    }
}
