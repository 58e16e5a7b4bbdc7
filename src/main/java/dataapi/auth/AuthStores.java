package dataapi.auth;

import dataapi.config.AuthStoreConfig;

/** Opens the store a configuration names. */
public final class AuthStores {
    private AuthStores() {
    }

    public static AuthStore open(AuthStoreConfig config) {
        return config.jdbcUrl().isPresent() ? new PostgresAuthStore(config) : new FileAuthStore(config.directory());
    }
}
