package dataapi.http;

import dataapi.family.Family;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Names the endpoint of a request for the access log and the metrics when no route named it: a
 * request the access checks refused (they run before the router, so that a caller without
 * credentials learns nothing of which paths exist), a 405, a preflight, or one Jetty refused
 * before any route. It is named by its path, as the route would have named it; a path that no
 * route has stays {@code unmatched}.
 */
final class RouteNames {
    private final Map<String, Report> reports = new HashMap<>();
    private volatile List<ParsedEndpoint> routes = List.of();

    private record Report(String endpointId, Family family) {
    }

    /** Notes that the route {@code template} serves the report {@code endpointId}; while the routes are declared. */
    void report(String template, String endpointId, Family family) {
        reports.put(template, new Report(requireNonNull(endpointId, "endpointId is null"), requireNonNull(family, "family is null")));
    }

    /** Takes {@code javalin}'s routes once they are all declared, before it starts. */
    void routesOf(Javalin javalin) {
        routes = javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(route -> route.endpoint.method.isHttpMethod())
                .toList();
    }

    /** Every route, as {@code METHOD /path}. */
    List<String> all() {
        return routes.stream().map(route -> route.endpoint.method.name() + " " + route.endpoint.path).toList();
    }

    /** Names the endpoint of the request {@code ctx}, unless its route did. */
    void name(RequestFacts facts, Context ctx) {
        if (!facts.named()) {
            Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            nameByTemplate(facts, matched != null ? matched.path : templateOf(ctx.path()));
        }
    }

    /** Names the endpoint of a request that Jetty refused before any route, by its {@code path} (null when unreadable). */
    void name(RequestFacts facts, String path) {
        nameByTemplate(facts, templateOf(path));
    }

    private void nameByTemplate(RequestFacts facts, String template) {
        if (template == null) {
            return;
        }
        Report report = reports.get(template);
        if (report != null) {
            facts.report(report.endpointId(), report.family());
        } else {
            facts.route(template);
        }
    }

    /** The template of the first route with {@code path}, whatever its method, or null. */
    private String templateOf(String path) {
        if (path == null) {
            return null;
        }
        for (ParsedEndpoint route : routes) {
            if (route.matches(path)) {
                return route.endpoint.path;
            }
        }
        return null;
    }
}
