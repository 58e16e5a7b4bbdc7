package dataapi.http;

import dataapi.config.TrustedProxies;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Whom a request comes from when a trusted proxy forwards it: the client's address, which the
 * limits per caller, the login throttle and the logs go by, and whether the client asked over
 * HTTPS, which makes the session cookie Secure. From any other peer the headers are ignored, so a
 * caller cannot name itself another address.
 */
final class Forwarded {
    static final String FOR_HEADER = "X-Forwarded-For";
    static final String PROTO_HEADER = "X-Forwarded-Proto";
    private static final String CLIENT_ATTRIBUTE = "dataapi.forwarded.client";
    private static final String HTTPS_ATTRIBUTE = "dataapi.forwarded.https";

    private final TrustedProxies proxies;

    Forwarded(TrustedProxies proxies) {
        this.proxies = requireNonNull(proxies, "proxies is null");
    }

    /** Before every route installed after it; nothing at all without trusted proxies. */
    void install(JavalinConfig config) {
        if (!proxies.isEmpty()) {
            config.routes.before(this::read);
        }
    }

    private void read(Context ctx) {
        Optional<InetAddress> peer = TrustedProxies.literal(withoutPort(ctx.ip()));
        if (peer.isEmpty() || !proxies.contains(peer.get())) {
            return;
        }
        ctx.attribute(CLIENT_ATTRIBUTE, client(peer.get(), ctx.ip(), values(ctx, FOR_HEADER)));
        List<String> protos = values(ctx, PROTO_HEADER);
        if (!protos.isEmpty()) {
            // The nearest proxy's word.
            ctx.attribute(HTTPS_ATTRIBUTE, protos.get(protos.size() - 1).equalsIgnoreCase("https"));
        }
    }

    /**
     * Each proxy adds the address it was called from at the end of X-Forwarded-For, so the client
     * is the last address that is not a trusted proxy's; what comes before it, the client wrote.
     * An entry that is no address ends the walk at the proxy that added it.
     */
    private String client(InetAddress peer, String peerText, List<String> forwardedFor) {
        String client = peerText;
        InetAddress hop = peer;
        for (int i = forwardedFor.size() - 1; i >= 0 && proxies.contains(hop); i--) {
            Optional<InetAddress> address = TrustedProxies.literal(withoutPort(forwardedFor.get(i)));
            if (address.isEmpty()) {
                break;
            }
            hop = address.get();
            client = hop.getHostAddress();
        }
        return client;
    }

    /** All the header's comma-separated entries, over every line of it, in order. */
    private static List<String> values(Context ctx, String header) {
        List<String> entries = new ArrayList<>();
        for (String line : Collections.list(ctx.req().getHeaders(header))) {
            for (String entry : line.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    /** An IPv6 address may come in brackets, and some proxies add the client's port: {@code 203.0.113.7:41234}, {@code [2001:db8::7]:41234}. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(1, end);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }

    /** The client's address: as a trusted proxy forwards it, or else the connection's peer. */
    static String clientAddress(Context ctx) {
        String forwarded = ctx.attribute(CLIENT_ATTRIBUTE);
        return forwarded != null ? forwarded : ctx.ip();
    }

    /** Whether the client asked over HTTPS: of this server, or of the trusted proxy that forwards the request. */
    static boolean isHttps(Context ctx) {
        Boolean forwarded = ctx.attribute(HTTPS_ATTRIBUTE);
        return forwarded != null ? forwarded : ctx.scheme().equals("https");
    }
}
