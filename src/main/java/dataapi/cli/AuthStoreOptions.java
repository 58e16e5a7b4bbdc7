package dataapi.cli;

import dataapi.config.AuthStoreConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;

/** Where users, roles, PATs and the signing key live; shared by {@code serve} and {@code admin}. */
public final class AuthStoreOptions {
    static final String PASSWORD_VARIABLE = "DATAAPI_AUTH_STORE_PASSWORD";

    enum Kind { file, postgres }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--auth-store", paramLabel = "file|postgres", scope = ScopeType.INHERIT, defaultValue = "${env:DATAAPI_AUTH_STORE:-file}",
            description = "The user store: a file under --data-dir, or PostgreSQL shared by several servers (env DATAAPI_AUTH_STORE, default ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--auth-store-url", paramLabel = "JDBC_URL", scope = ScopeType.INHERIT, defaultValue = "${env:DATAAPI_AUTH_STORE_URL}",
            description = "PostgreSQL JDBC URL of the shared store, jdbc:postgresql://HOST:PORT/DB (env DATAAPI_AUTH_STORE_URL).")
    String url;

    @Option(names = "--auth-store-user", paramLabel = "USER", scope = ScopeType.INHERIT, defaultValue = "${env:DATAAPI_AUTH_STORE_USER}",
            description = "PostgreSQL user of the shared store (env DATAAPI_AUTH_STORE_USER); its password comes from env DATAAPI_AUTH_STORE_PASSWORD only.")
    String user;

    AuthStoreConfig toConfig(Path dataDir) {
        if (kind == Kind.file) {
            // Said rather than ignored: servers meant to share a store would each keep their own, revocations unshared.
            if (url != null && !url.isBlank() || user != null && !user.isBlank()) {
                throw UsageError.of(spec, "--auth-store-url and --auth-store-user (DATAAPI_AUTH_STORE_URL, DATAAPI_AUTH_STORE_USER)"
                        + " go with --auth-store postgres (DATAAPI_AUTH_STORE=postgres); the store is now the file under --data-dir",
                        "--auth-store-url", "--auth-store-user", "--auth-store");
            }
            return AuthStoreConfig.file(dataDir.resolve("auth"));
        }
        if (url == null || url.isBlank()) {
            throw UsageError.of(spec, "--auth-store postgres needs --auth-store-url jdbc:postgresql://HOST:PORT/DB", "--auth-store");
        }
        try {
            return new AuthStoreConfig(dataDir.resolve("auth"), Optional.of(url), Optional.ofNullable(user).filter(u -> !u.isBlank()),
                    Environment.ofProcess().variable(PASSWORD_VARIABLE));
        } catch (IllegalArgumentException e) {
            throw UsageError.of(spec, "--auth-store-url: " + e.getMessage(), "--auth-store-url");
        }
    }
}
