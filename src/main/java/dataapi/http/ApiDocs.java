package dataapi.http;

import dataapi.cache.CachedResult;
import dataapi.endpoint.Endpoint;
import dataapi.family.QueryFamily;
import dataapi.http.Assets.Asset;
import io.javalin.config.JavalinConfig;

import java.util.List;
import java.util.Set;

/** {@code /openapi.json}, and {@code /docs} rendering it with Swagger UI served from its webjar. */
final class ApiDocs {
    // Swagger UI's stylesheet draws its icons from data: URIs; everything else comes from this server.
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final String SWAGGER_GROUP = "org.webjars";
    private static final String SWAGGER_ARTIFACT = "swagger-ui";

    private final CachedResult document;
    private final Asset page = Asset.of(Assets.HTML, Assets.resource("dataapi/docs/docs.html"));
    private final Asset initializer = Asset.of(Assets.SCRIPT, Assets.resource("dataapi/docs/docs.js"));
    private final Asset swaggerScript = Asset.of(Assets.SCRIPT, Assets.webjar(SWAGGER_GROUP, SWAGGER_ARTIFACT, "swagger-ui-bundle.js"));
    private final Asset swaggerStyle = Asset.of(Assets.STYLE, Assets.webjar(SWAGGER_GROUP, SWAGGER_ARTIFACT, "swagger-ui.css"));

    /** @param operatorPaths the probes' and the metrics' paths the API's port serves, which need no credentials */
    ApiDocs(List<Endpoint<?>> endpoints, List<QueryFamily> families, AccessGate gate, Set<String> operatorPaths, long maxResultBytes) {
        // The same for every caller and fixed while serving: tagged and gzipped once, as a cached result is.
        this.document = CachedResult.of(OpenApiDocument.build(endpoints, families, gate, operatorPaths, maxResultBytes),
                ApiServer.GZIP_FROM_BYTES);
    }

    void addRoutes(JavalinConfig config) {
        config.routes.get("/openapi.json", ctx -> HttpCaching.send(ctx, document));
        config.routes.get("/docs", ctx -> Assets.send(ctx, page, CONTENT_SECURITY_POLICY));
        config.routes.get("/docs/docs.js", ctx -> Assets.send(ctx, initializer, CONTENT_SECURITY_POLICY));
        config.routes.get("/docs/swagger-ui-bundle.js", ctx -> Assets.send(ctx, swaggerScript, CONTENT_SECURITY_POLICY));
        config.routes.get("/docs/swagger-ui.css", ctx -> Assets.send(ctx, swaggerStyle, CONTENT_SECURITY_POLICY));
    }
}
