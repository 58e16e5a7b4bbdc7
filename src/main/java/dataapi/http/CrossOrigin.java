package dataapi.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * CORS: pages from the listed origins may call the API and read its answers. Every answer says
 * that it varies by {@code Origin}, so that a shared cache never hands one origin's answer, with
 * its permission, to another. An answer to any other origin carries no permission, which the
 * browser enforces; the server answers it as it would without an {@code Origin} (a same-origin
 * page sends one too). A preflight from an unlisted origin is refused with a JSON 403. The answers
 * Jetty gives before any route runs (a URI or headers too large, say) get the same headers, as far
 * as Jetty read the request.
 */
final class CrossOrigin {
    private static final String ALLOWED_METHODS = "GET, HEAD, POST";
    /** The answer's headers beyond the few every page may read. */
    private static final String EXPOSED_HEADERS = "ETag, Retry-After, Server-Timing, X-Request-Id";
    /** How long a browser may keep a preflight's answer: ten minutes. */
    private static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;

    private CrossOrigin(List<String> origins) {
        this.origins = origins.stream().map(origin -> origin.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** CORS for {@code origins}; none when there are none. */
    static Optional<CrossOrigin> of(List<String> origins) {
        return origins.isEmpty() ? Optional.empty() : Optional.of(new CrossOrigin(origins));
    }

    void install(JavalinConfig config) {
        config.routes.before(this::apply);
    }

    /** The headers of an answer Jetty gives before any route runs; its request's {@code Origin} may be unread. */
    void refused(Request request, Response response) {
        permit(request.getHeaders().get(HttpHeader.ORIGIN), response.getHeaders()::add);
    }

    private void apply(Context ctx) {
        String origin = ctx.header("Origin");
        boolean allowed = permit(origin, ctx.res()::addHeader);
        if (!isPreflight(ctx, origin)) {
            return;
        }
        if (!allowed) {
            ApiServer.error(ctx, 403, "This origin may not call the API.");
        } else {
            ctx.status(204);
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            String headers = ctx.header("Access-Control-Request-Headers");
            if (headers != null) {
                ctx.header("Access-Control-Allow-Headers", headers);
            }
            ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        }
        ctx.skipRemainingHandlers();
    }

    /** Adds the headers every answer to {@code origin} gets; returns whether it is a listed one. */
    private boolean permit(String origin, BiConsumer<String, String> header) {
        header.accept("Vary", "Origin");
        // Browsers send the scheme and host in lower case; the configuration may not.
        boolean allowed = origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
        if (allowed) {
            header.accept("Access-Control-Allow-Origin", origin);
            header.accept("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        return allowed;
    }

    private static boolean isPreflight(Context ctx, String origin) {
        return origin != null && ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null;
    }
}
