package dataapi.http;

import dataapi.family.Family;
import io.javalin.Javalin;
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
    private List<ParsedEndpoint> routes = List.of();

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

    /**
     * Names {@code facts}' endpoint, unless its route did: {@code matched} is the route the router
     * chose, or null when it chose none (then the first route with {@code path} names it, whatever its method).
     */
    void name(RequestFacts facts, String path, Endpoint matched) {
        if (facts.named()) {
            return;
        }
        String template = matched != null ? matched.path : templateOf(path);
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
