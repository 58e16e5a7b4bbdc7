package dataapi.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a body its Content-Length puts over the limit, when it is not too large to read, before
 * refusing it with a 413. Refused unread, its bytes stay in the socket as the server closes it, and
 * the kernel then resets the connection: a client still sending, or not yet reading, loses the
 * answer to the reset. Read and dropped, the body leaves the connection clean, and open.
 */
final class OversizeBodies extends Handler.Wrapper {
    /** The most of an oversize body read to answer it cleanly; a larger one is refused unread. */
    static final long MAX_READ_BYTES = 1024 * 1024;

    private final long limit;

    /** @param limit the longest body the server takes */
    OversizeBodies(long limit) {
        this.limit = limit;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length;
        try {
            length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        } catch (NumberFormatException e) {
            // Jetty's parser refuses such a request before it gets here.
            length = -1;
        }
        if (length <= limit || length > MAX_READ_BYTES) {
            return super.handle(request, response, callback);
        }
        Content.Source.consumeAll(request, Callback.from(
                () -> Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413),
                callback::failed));
        return true;
    }
}
