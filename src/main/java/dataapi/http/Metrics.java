package dataapi.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /metrics} in Prometheus' text format: requests by endpoint, family and status with latency
 * histograms, query times and rows, and the JVM's memory, GC and threads. The warehouse's pool
 * binds its own meters to {@link #registry()}.
 */
public final class Metrics implements AutoCloseable {
    /** Where Prometheus scrapes, without credentials, as the health probes are reached. */
    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    // Buckets from a cached answer to a slow SF10 scan; few enough to keep series per endpoint small.
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Timer> queries;
    private final Meter.MeterProvider<DistributionSummary> rows;
    private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        requests = Timer.builder("http.server.requests")
                .description("HTTP requests, from the first byte read to the last byte written")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .withRegistry(registry);
        queries = Timer.builder("dataapi.query")
                .description("Warehouse queries of report requests: waiting for a connection, running, reading the rows")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .withRegistry(registry);
        rows = DistributionSummary.builder("dataapi.query.rows")
                .description("Rows returned by report queries")
                .baseUnit("rows")
                .withRegistry(registry);
    }

    /** Where other parts of the server register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    void addRoutes(JavalinConfig config) {
        config.routes.get(PATH, ctx -> ctx.contentType(CONTENT_TYPE).result(registry.scrape()));
    }

    /** Counts a finished request; {@code millis} is its total time. */
    void record(Context ctx, RequestFacts facts, float millis) {
        record(facts, ctx.statusCode(), millis);
    }

    /** Counts a finished request that ended with {@code status}. */
    void record(RequestFacts facts, int status, float millis) {
        Series series = series(new SeriesKey(facts.endpoint(), facts.family(), status));
        series.requests.record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
        facts.queryNanos().ifPresent(nanos -> series.queries().record(nanos, TimeUnit.NANOSECONDS));
        facts.rows().ifPresent(count -> series.rows().record(count));
    }

    private Series series(SeriesKey key) {
        Series known = series.get(key);
        return known != null ? known : series.computeIfAbsent(key, Series::new);
    }

    /** The labels of a request's meters; endpoints are templates, so there are few of them. */
    private record SeriesKey(String endpoint, String family, int status) {
    }

    /**
     * The meters of one series, found once rather than on every request. The query meters are
     * registered with the first query, so that requests that run none show none.
     */
    private final class Series {
        private final Tags tags;
        private final Timer requests;

        Series(SeriesKey key) {
            this.tags = Tags.of("endpoint", key.endpoint(), "family", key.family(), "status", Integer.toString(key.status()));
            this.requests = Metrics.this.requests.withTags(tags);
        }

        Timer queries() {
            return Metrics.this.queries.withTags(tags);
        }

        DistributionSummary rows() {
            return Metrics.this.rows.withTags(tags);
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
