package dataapi.http;

import dataapi.json.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors that Jetty answers itself, before any route runs (a header or URI too large, a body over
 * the limit, a malformed request): the same JSON body as every other error, with the status's
 * standard reason and never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** Jetty writes a body for GET and POST only by default; every method gets one here. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String reason = HttpStatus.getMessage(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiServer.JSON);
        response.write(true, ByteBuffer.wrap(Json.error(reason == null ? "Error " + code : reason + ".")), callback);
    }
}
