package dataapi.http;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;

/** The login form for browsers, with a message and the page to go back to. */
final class LoginPage {
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";
    private static final String DEFAULT_NEXT = "/test";

    private final String template = new String(Assets.resource("dataapi/login/login.html"), StandardCharsets.UTF_8);
    private final byte[] style = Assets.resource("dataapi/login/login.css");

    void send(Context ctx, int status, String message, String next) {
        String page = template.replace("{{message}}", escape(message)).replace("{{next}}", escape(safeNext(next)));
        headers(ctx);
        ctx.status(status).contentType(Assets.HTML).result(page);
    }

    void sendStyle(Context ctx) {
        headers(ctx);
        ctx.contentType(Assets.STYLE).result(style);
    }

    /**
     * Only a path on this server, so that the login cannot be used to send users elsewhere. Browsers
     * read a backslash as a slash and drop tabs and line breaks ({@code /<TAB>/evil.com} is
     * {@code //evil.com}, another host), so only printable ASCII other than the backslash is taken:
     * the paths and query strings this server sends to the login are percent-encoded.
     */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")
                || !next.chars().allMatch(c -> c > ' ' && c < 0x7F && c != '\\')) {
            return DEFAULT_NEXT;
        }
        return next;
    }

    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
