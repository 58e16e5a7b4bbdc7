package dataapi.config;

import dataapi.auth.AuthStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where users, roles, PATs and the token signing key live.
 *
 * @param directory the folder of the embedded file store (used when {@code jdbcUrl} is empty)
 * @param jdbcUrl a PostgreSQL JDBC URL for a store that several servers share
 * @param jdbcUser the database user, if not in the URL
 * @param jdbcPassword the database password, if not in the URL; never printed
 * @param connectWait how long opening a connection to the PostgreSQL store may take, in whole seconds
 */
public record AuthStoreConfig(Path directory, Optional<String> jdbcUrl, Optional<String> jdbcUser, Optional<String> jdbcPassword,
                              Duration connectWait) {
    /**
     * A server's wait: requests wait on it, so it is within the staleness bound, past which the last
     * state read no longer serves them anyway.
     */
    public static final Duration SERVER_CONNECT_WAIT = AuthStore.STALENESS;

    public AuthStoreConfig {
        requireNonNull(directory, "directory is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(jdbcUser, "jdbcUser is null");
        requireNonNull(jdbcPassword, "jdbcPassword is null");
        requireNonNull(connectWait, "connectWait is null");
        // The driver counts its timeouts in whole seconds.
        if (connectWait.getSeconds() < 1 || connectWait.getNano() != 0) {
            throw new IllegalArgumentException("the auth store's connection wait must be whole seconds, at least one: " + connectWait);
        }
        jdbcUrl.ifPresent(url -> PostgresConfig.requireReadable(url, "the auth store URL"));
    }

    /** A store with a server's connection wait. */
    public AuthStoreConfig(Path directory, Optional<String> jdbcUrl, Optional<String> jdbcUser, Optional<String> jdbcPassword) {
        this(directory, jdbcUrl, jdbcUser, jdbcPassword, SERVER_CONNECT_WAIT);
    }

    public static AuthStoreConfig file(Path directory) {
        return new AuthStoreConfig(directory, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public AuthStoreConfig withConnectWait(Duration wait) {
        return new AuthStoreConfig(directory, jdbcUrl, jdbcUser, jdbcPassword, wait);
    }

    @Override
    public String toString() {
        return jdbcUrl.map(url -> "PostgreSQL " + PostgresConfig.withoutPasswords(url))
                .orElse("file store in " + directory);
    }
}
