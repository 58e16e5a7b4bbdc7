package dataapi.config;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How callers reach the server and prove who they are.
 *
 * @param mode who authenticates callers
 * @param allowAnonymous whether mode {@code NONE} may listen on an address other than loopback
 * @param store the user store, used in mode {@code BUILTIN}
 * @param tls HTTPS certificate and key, when served directly
 * @param corsOrigins the browser origins allowed to call the API from other sites; empty means none
 * @param trustedProxies the proxies whose word on a request's client and scheme is taken
 */
public record AccessConfig(AuthMode mode, boolean allowAnonymous, AuthStoreConfig store, Optional<TlsConfig> tls, List<String> corsOrigins,
                           TrustedProxies trustedProxies) {
    public AccessConfig {
        requireNonNull(mode, "mode is null");
        requireNonNull(store, "store is null");
        requireNonNull(tls, "tls is null");
        corsOrigins = List.copyOf(corsOrigins);
        requireNonNull(trustedProxies, "trustedProxies is null");
    }

    /** No authentication, plain HTTP, no CORS, no proxy: what a server on loopback starts with. */
    public static AccessConfig open(AuthStoreConfig store) {
        return new AccessConfig(AuthMode.NONE, false, store, Optional.empty(), List.of(), TrustedProxies.NONE);
    }
}
