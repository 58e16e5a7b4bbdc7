package dataapi.http;

import dataapi.endpoint.Endpoint;
import dataapi.endpoint.ValuesOrigin;
import dataapi.family.Family;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What the server learns about one request while serving it, kept on the request for the access
 * log, the metrics and the response headers. Handlers fill in what they know; an authentication
 * layer names the caller with {@link #caller(String)}.
 */
public final class RequestFacts {
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestFacts.class.getName();
    // A client's id is echoed and logged, so only short ids of harmless characters are kept.
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");

    private final String requestId;
    private volatile String caller;
    private volatile String endpointId;
    private volatile Family family;
    private volatile int rows = -1;
    private volatile long queryNanos = -1;
    private volatile String plan;
    private volatile ValuesOrigin valuesOrigin = ValuesOrigin.SERVER;

    private RequestFacts(String requestId) {
        this.requestId = requestId;
    }

    /** Starts the facts of a request: its id is the client's {@code X-Request-Id} when sane, else a new one, and is echoed. */
    static RequestFacts start(Context ctx) {
        RequestFacts facts = new RequestFacts(requestIdFor(ctx.header(REQUEST_ID_HEADER)));
        ctx.attribute(ATTRIBUTE, facts);
        ctx.header(REQUEST_ID_HEADER, facts.requestId);
        return facts;
    }

    /** The facts of a request Jetty refused before any route ran, {@code offered} its client's request id, if any. */
    static RequestFacts refused(String offered) {
        return new RequestFacts(requestIdFor(offered));
    }

    /** The client's request id when it is sane, else a new one. */
    private static String requestIdFor(String offered) {
        return offered != null && SANE_REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
    }

    /**
     * A random (version 4) UUID from a thread's own generator: request ids need to be unique, not
     * unpredictable, and {@link UUID#randomUUID()}'s shared secure generator is a lock every request would take.
     */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** The facts of the request {@code ctx}. */
    public static RequestFacts of(Context ctx) {
        RequestFacts facts = ctx.attribute(ATTRIBUTE);
        return facts != null ? facts : start(ctx);
    }

    public String requestId() {
        return requestId;
    }

    /** Names the authenticated caller, for the access log. Never pass a secret. */
    public void caller(String caller) {
        this.caller = requireNonNull(caller, "caller is null");
    }

    public Optional<String> caller() {
        return Optional.ofNullable(caller);
    }

    /** Marks the request as one for {@code endpointId} under {@code family}. */
    RequestFacts report(String endpointId, Family family) {
        this.endpointId = requireNonNull(endpointId, "endpointId is null");
        this.family = requireNonNull(family, "family is null");
        return this;
    }

    /** Names the way the request's query is computed, where its endpoint has more than one, for {@link #serverTiming()}. */
    void plan(String plan) {
        this.plan = requireNonNull(plan, "plan is null");
    }

    /** Says whose values the request's query runs with: a refusal of them is the request's fault only when they are its own. */
    void valuesOrigin(ValuesOrigin origin) {
        this.valuesOrigin = requireNonNull(origin, "origin is null");
    }

    ValuesOrigin valuesOrigin() {
        return valuesOrigin;
    }

    /** Runs the request's query, timing it whether it succeeds or fails, and counts the rows it returned. */
    <R> R query(Query<R> query, ToIntFunction<R> rowCount) throws Exception {
        long started = System.nanoTime();
        try {
            R result = query.run();
            rows = rowCount.applyAsInt(result);
            return result;
        } finally {
            queryNanos = System.nanoTime() - started;
        }
    }

    @FunctionalInterface
    interface Query<R> {
        R run() throws Exception;
    }

    /** Marks the request as one for the route {@code template} that is not a report, such as {@code /healthz}. */
    void route(String template) {
        this.endpointId = requireNonNull(template, "template is null");
    }

    /** Whether the request's endpoint is known: a report, or a route's template. */
    boolean named() {
        return endpointId != null;
    }

    /**
     * The endpoint for logs and metrics: the report's id, else the route's path template, else
     * {@code unmatched}; never the raw path, so that the set of values stays small.
     */
    String endpoint() {
        return endpointId != null ? endpointId : Endpoint.UNMATCHED;
    }

    /** The family's path segment, or {@code none} for requests that are not reports. */
    String family() {
        return family == null ? "none" : family.pathSegment();
    }

    OptionalInt rows() {
        return rows < 0 ? OptionalInt.empty() : OptionalInt.of(rows);
    }

    OptionalLong queryNanos() {
        return queryNanos < 0 ? OptionalLong.empty() : OptionalLong.of(queryNanos);
    }

    /**
     * The {@code Server-Timing} value: the query's time, e.g. {@code query;dur=3.25}, and its plan where
     * it has one as a quoted {@code desc} ({@code query;dur=3.25;desc="window totals"}), or
     * {@code cache;desc=hit} when the answer came from the result cache and no query ran.
     */
    String serverTiming() {
        if (queryNanos < 0) {
            return "cache;desc=hit";
        }
        String query = String.format(Locale.ROOT, "query;dur=%.2f", queryNanos / 1e6);
        return plan == null ? query : query + ";desc=" + quoted(plan);
    }

    /** {@code text} as a quoted string (RFC 8941's, which Server-Timing's {@code desc} takes), its quotes and backslashes escaped. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
