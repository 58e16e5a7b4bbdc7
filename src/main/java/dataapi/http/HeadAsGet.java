package dataapi.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A HEAD request is answered as its GET would be: the same route, status and headers, its
 * parameters checked alike (RFC 9110 9.3.2). Javalin would answer a HEAD to any GET route with
 * an empty 200 without running it. The routes see a GET; Jetty, which knows the request was a
 * HEAD, sends no body. The access log still names the method the client sent.
 */
public final class HeadAsGet extends Handler.Wrapper {
    private static final String ATTRIBUTE = HeadAsGet.class.getName();

    /** For an app without the server's other wrappers, which {@link ServerLimits} puts this one among. */
    public static void install(JavalinConfig config) {
        config.jetty.modifyServer(server -> server.setHandler(new HeadAsGet()));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.HEAD.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
        return super.handle(new Request.Wrapper(request) {
            @Override
            public String getMethod() {
                return HttpMethod.GET.asString();
            }
        }, response, callback);
    }

    /** The method the client sent: HEAD where the routes saw a GET. */
    static String method(Context ctx) {
        return ctx.req().getAttribute(ATTRIBUTE) != null ? HttpMethod.HEAD.asString() : ctx.method().name();
    }
}
