package dataapi.cli;

import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.TlsConfig;
import dataapi.config.TrustedProxies;
import dataapi.http.HttpsConnector;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The flags of {@code serve} that say who may call it and how: authentication, TLS, CORS, the proxies in front of it. */
public final class AccessOptions {
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--auth", paramLabel = "none|builtin|spcs", converter = Converters.Mode.class, defaultValue = "${env:DATAAPI_AUTH:-none}",
            description = "Who authenticates callers: nobody (loopback only), dataapi itself, or the SPCS ingress (env DATAAPI_AUTH, default ${DEFAULT-VALUE}).")
    AuthMode mode;

    @Option(names = "--allow-anonymous", defaultValue = "${env:DATAAPI_ALLOW_ANONYMOUS:-false}",
            description = "Allow --auth none on an address other than loopback (env DATAAPI_ALLOW_ANONYMOUS).")
    boolean allowAnonymous;

    @Option(names = "--tls-cert", paramLabel = "PEM", defaultValue = "${env:DATAAPI_TLS_CERT}",
            description = "Serve HTTPS with this certificate chain (env DATAAPI_TLS_CERT); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", defaultValue = "${env:DATAAPI_TLS_KEY}",
            description = "The certificate's private key, unencrypted PEM (env DATAAPI_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", split = ",", defaultValue = "${env:DATAAPI_CORS_ORIGINS}",
            description = "A browser origin such as https://app.example.com allowed to call the API; repeatable; none by default (env DATAAPI_CORS_ORIGINS, comma-separated).")
    List<String> corsOrigins;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", split = ",", defaultValue = "${env:DATAAPI_TRUSTED_PROXIES}",
            description = "A reverse proxy or load balancer in front of the server, as an address or a range such as 10.0.0.0/8, whose "
                    + "X-Forwarded-For and X-Forwarded-Proto are believed; repeatable; none by default (env DATAAPI_TRUSTED_PROXIES, comma-separated).")
    List<String> trustedProxies;

    AccessConfig toConfig(AuthStoreOptions store, Path dataDir) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw UsageError.of(spec, "--tls-cert and --tls-key go together", "--tls-cert", "--tls-key");
        }
        Optional<TlsConfig> tls = Optional.ofNullable(tlsCert).map(cert -> new TlsConfig(cert, tlsKey));
        try {
            tls.ifPresent(HttpsConnector::check);
        } catch (IllegalArgumentException e) {
            throw UsageError.of(spec, e.getMessage(), "--tls-cert", "--tls-key");
        }
        List<String> origins = corsOrigins == null ? List.of() : corsOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
        for (String origin : origins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw UsageError.of(spec, "--cors-origin '" + origin + "' is not an origin such as https://app.example.com", "--cors-origin");
            }
        }
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(trustedProxies == null ? List.of() : trustedProxies.stream().filter(p -> !p.isBlank()).toList());
        } catch (IllegalArgumentException e) {
            throw UsageError.of(spec, "--trusted-proxy " + e.getMessage(), "--trusted-proxy");
        }
        return new AccessConfig(mode, allowAnonymous, store.toConfig(dataDir), tls, origins, proxies);
    }
}
