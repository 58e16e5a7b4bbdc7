package dataapi.http;

import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import org.slf4j.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What start-up says, or refuses, about the access mode and the address listened on. */
public final class AccessChecks {
    private AccessChecks() {
    }

    /** Refuses to serve without authentication beyond loopback unless that was asked for explicitly. */
    public static void requireAuthenticationBeyondLoopback(AccessConfig access, String host) {
        if (access.mode() == AuthMode.NONE && !loopback(host) && !access.allowAnonymous()) {
            throw new IllegalArgumentException("--auth none on " + host + " would let anyone on the network call the API:"
                    + " listen on 127.0.0.1, use --auth builtin or spcs, or add --allow-anonymous");
        }
    }

    /** Refuses as {@link #requireAuthenticationBeyondLoopback} does, then says who checks callers. */
    public static void warnOrRefuse(AccessConfig access, String host, Logger log) {
        requireAuthenticationBeyondLoopback(access, host);
        switch (access.mode()) {
            case NONE -> {
                log.warn("*** AUTHENTICATION IS OFF (--auth none): anyone who can reach {} can call every endpoint ***", host);
            }
            case SPCS -> log.info("Authentication by the SPCS ingress: every request must carry {}; it is trusted as is,"
                    + " so this server must only be reachable through the ingress", AccessGate.SPCS_USER_HEADER);
            case BUILTIN -> log.info("Built-in authentication: PATs, access tokens from POST /oauth/token, and browser logins at /login");
        }
        if (access.trustedProxies().trustsAnyPeer()) {
            log.warn("--trusted-proxy {} takes every peer for a proxy: a client that reaches the server itself can name any address"
                    + " in {}; list only the proxies' addresses", access.trustedProxies(), Forwarded.FOR_HEADER);
        } else if (!access.trustedProxies().isEmpty()) {
            log.info("Trusted proxies {}: the client of a request they forward is the last address in its {} that is not theirs",
                    access.trustedProxies(), Forwarded.FOR_HEADER);
        }
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
