package dataapi.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.function.BiConsumer;

/**
 * A path that exists for other methods answers 405 with an {@code Allow} header naming them (RFC
 * 9110 15.5.6), not 404: Javalin finds the methods, the app writes the error in its own shape.
 */
public final class MethodNotAllowed {
    private MethodNotAllowed() {
    }

    /** @param error writes the app's 405 answer with the message given */
    public static void install(JavalinConfig config, BiConsumer<Context, String> error) {
        config.http.prefer405over404 = true;
        config.routes.error(405, "*", ctx -> {
            // Every GET route answers HEAD too (HeadAsGet), which Javalin's list leaves out.
            String allow = ctx.res().getHeader("Allow");
            if (allow != null && allow.contains("GET") && !allow.contains("HEAD")) {
                ctx.header("Allow", allow + ", HEAD");
            }
            // The method the routes saw: a HEAD's answer is its GET's without the body, Content-Length included (RFC 9110 8.6).
            error.accept(ctx, "Method " + ctx.method().name() + " is not allowed here.");
        });
    }
}
