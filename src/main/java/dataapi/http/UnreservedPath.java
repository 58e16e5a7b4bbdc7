package dataapi.http;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A path with a percent-encoded unreserved character ({@code %74op10}) names what the character
 * itself names ({@code top10}, RFC 3986 6.2.2.2), but the routes match the path as it is written:
 * such a path is decoded for them. Only letters, digits, {@code -}, {@code _} and {@code ~} are:
 * {@code %2F} stays, so a segment never turns into two, and {@code %2E} too, so that no {@code ..}
 * segment appears after Jetty has resolved them.
 */
final class UnreservedPath extends Handler.Wrapper {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        String decoded = path == null ? null : decodeUnreserved(path);
        if (path == null || decoded.equals(path)) {
            return super.handle(request, response, callback);
        }
        HttpURI normalized = HttpURI.build(uri).path(decoded).asImmutable();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return normalized;
            }
        }, response, callback);
    }

    /** {@code path} with each {@code %XX} of an unreserved character replaced by the character. */
    static String decodeUnreserved(String path) {
        int percent = path.indexOf('%');
        if (percent < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        int copied = 0;
        for (; percent >= 0 && percent + 2 < path.length(); percent = path.indexOf('%', percent + 1)) {
            int high = hexDigit(path.charAt(percent + 1));
            int low = hexDigit(path.charAt(percent + 2));
            if (high < 0 || low < 0) {
                continue;
            }
            char c = (char) (high * 16 + low);
            if (isUnreserved(c)) {
                out.append(path, copied, percent).append(c);
                copied = percent + 3;
            }
        }
        return out.append(path, copied, path.length()).toString();
    }

    /** The value of an ASCII hex digit, or -1: {@link Character#digit} would also take other scripts' digits. */
    private static int hexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** An unreserved character other than the dot. */
    private static boolean isUnreserved(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '~';
    }
}
