package dataapi.http;

import dataapi.auth.AuthStore;
import dataapi.auth.Authenticator;
import dataapi.auth.FailureThrottle;
import dataapi.auth.Passwords;
import dataapi.config.AccessConfig;
import dataapi.config.TlsConfig;
import dataapi.config.TrustedProxies;
import io.javalin.config.JavalinConfig;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * How the server is reached: the access gate, HTTPS when a certificate is given, the browser
 * origins allowed to call it from other sites (none unless listed), and the proxies whose word on
 * the client is taken (none unless listed). CORS the server installs itself ({@link CrossOrigin#of}):
 * its headers also go on the answers Jetty gives before any route runs.
 */
public record ServerAccess(AccessGate gate, Optional<TlsConfig> tls, List<String> corsOrigins, TrustedProxies trustedProxies) {
    /** Failures from one address before it is refused for the rest of the window. */
    public static final int FAILURE_LIMIT = 20;
    public static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

    public ServerAccess {
        requireNonNull(gate, "gate is null");
        requireNonNull(tls, "tls is null");
        corsOrigins = List.copyOf(corsOrigins);
        requireNonNull(trustedProxies, "trustedProxies is null");
    }

    /** Plain HTTP, no authentication, no CORS. */
    public static ServerAccess open() {
        return new ServerAccess(AccessGate.none(), Optional.empty(), List.of(), TrustedProxies.NONE);
    }

    /** The access a configuration asks for; {@code store} is needed in mode {@code BUILTIN}. */
    public static ServerAccess of(AccessConfig config, Optional<AuthStore> store, Clock clock) {
        AccessGate gate = switch (config.mode()) {
            case NONE -> AccessGate.none();
            case SPCS -> AccessGate.spcs();
            case BUILTIN -> AccessGate.builtin(new Authenticator(store.orElseThrow(() -> new IllegalArgumentException("builtin auth needs a store")),
                    new Passwords(new SecureRandom()), clock), new FailureThrottle(FAILURE_LIMIT, FAILURE_WINDOW, clock));
        };
        return new ServerAccess(gate, config.tls(), config.corsOrigins(), config.trustedProxies());
    }

    /** HTTPS, or else plain HTTP, on the port; HTTPS refuses plain HTTP before any handler installed after it runs. */
    void listen(JavalinConfig config, String host, int port) {
        tls.ifPresentOrElse(files -> HttpsConnector.install(config, files, host, port), () -> BoundConnector.plainHttp(config, host, port));
    }

    /** Who a request comes from, as a trusted proxy says, before every route installed after it. */
    void readForwarded(JavalinConfig config) {
        new Forwarded(trustedProxies).install(config);
    }

    /**
     * The gate, before every route installed after it.
     *
     * @param operatorPaths the paths that need no credentials in any mode, the probes' and the metrics'
     */
    void guard(JavalinConfig config, List<String> endpointPrefixes, Set<String> operatorPaths) {
        gate.install(config, endpointPrefixes, operatorPaths);
    }
}
