package dataapi.auth;

import dataapi.config.AuthStoreConfig;

import java.util.Optional;

/** Opens the store a configuration names. */
public final class AuthStores {
    private AuthStores() {
    }

    /** Opens the store, making it where there is none. */
    public static AuthStore open(AuthStoreConfig config) {
        return config.jdbcUrl().isPresent() ? PostgresAuthStore.open(config) : new FileAuthStore(config.directory());
    }

    /** Opens the store if there is one; where there is none, makes nothing: no folder, file, table or signing key. */
    public static Optional<AuthStore> openExisting(AuthStoreConfig config) {
        return config.jdbcUrl().isPresent() ? PostgresAuthStore.openExisting(config) : FileAuthStore.openExisting(config.directory());
    }
}
