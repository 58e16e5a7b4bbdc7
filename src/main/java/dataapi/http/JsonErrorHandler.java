package dataapi.http;

import dataapi.json.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * Errors that Jetty answers itself, before any route runs (a header or URI too large, a body over
 * the limit, a malformed request): the same JSON body as every other error, with the status's
 * standard reason and never a stack trace. Each is handed to {@link Refusals} first, so that it is
 * logged and counted like any other answer.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** What else happens to a request Jetty refused, before its answer is written. */
    @FunctionalInterface
    interface Refusals {
        void refused(Request request, Response response, int status);
    }

    private final Refusals refusals;

    JsonErrorHandler(Refusals refusals) {
        this.refusals = requireNonNull(refusals, "refusals is null");
    }

    /** Jetty writes a body for GET and POST only by default; every method gets one here. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        refusals.refused(request, response, code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiServer.JSON);
        // As on every other answer (ApiServer): caches must not hand this one to clients that asked for another encoding.
        response.getHeaders().add(HttpHeader.VARY, "Accept-Encoding");
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    /** The JSON error of a status Jetty decided on, {@code {"error": message(status)}}. */
    static byte[] body(int status) {
        return Json.error(message(status));
    }

    /** The error message of a status Jetty decided on: its standard reason, e.g. {@code Payload Too Large.} */
    static String message(int status) {
        if (status == 404) {
            // A path Jetty finds no route for (OPTIONS *, say) is told what the routes tell one.
            return ApiServer.NOT_FOUND;
        }
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "Error " + status : reason + ".";
    }
}
