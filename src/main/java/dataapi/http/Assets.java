package dataapi.http;

import dataapi.cache.CachedResult;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The browser pages' files, all served from the jar: the server's own ({@code dataapi/...}) and
 * those of webjars ({@code META-INF/resources/webjars/...}). Nothing is fetched from elsewhere.
 */
public final class Assets {
    static final String HTML = "text/html; charset=utf-8";
    static final String SCRIPT = "text/javascript; charset=utf-8";
    static final String STYLE = "text/css; charset=utf-8";

    private Assets() {
    }

    /** A classpath resource, read once at start; a missing one is a packaging error. */
    public static byte[] resource(String path) {
        try (InputStream in = Assets.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the webjar {@code groupId:artifactId}, at the version on the classpath. */
    static byte[] webjar(String groupId, String artifactId, String file) {
        Properties pom = new Properties();
        try (InputStream in = Assets.class.getResourceAsStream("/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("missing webjar " + groupId + ":" + artifactId);
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource("META-INF/resources/webjars/" + artifactId + "/" + pom.getProperty("version") + "/" + file);
    }

    /**
     * A page or one of its files, fixed while serving: tagged and gzipped once, as a cached result
     * is, so that a browser revalidates it with a 304 instead of fetching it again (Swagger UI's
     * script is 450 KB gzipped).
     */
    record Asset(String contentType, CachedResult content) {
        static Asset of(String contentType, byte[] body) {
            return new Asset(contentType, CachedResult.of(body, ApiServer.GZIP_FROM_BYTES));
        }
    }

    /** Sends a page or one of its files under {@code contentSecurityPolicy}. */
    static void send(Context ctx, Asset asset, String contentSecurityPolicy) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        HttpCaching.send(ctx, asset.content(), asset.contentType());
    }
}
