package dataapi.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Everything the server is started with, built once from flags, environment and defaults.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param embedded the embedded warehouse
 * @param poolSize the most warehouse connections open at once
 * @param poolWait how long a request may wait for a warehouse connection before it gets 503
 * @param access authentication, TLS and CORS
 */
public record ServerConfig(String host, int port, EmbeddedConfig embedded, int poolSize, Duration poolWait, AccessConfig access) {
    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(embedded, "embedded is null");
        requireNonNull(poolWait, "poolWait is null");
        requireNonNull(access, "access is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + poolSize);
        }
        if (poolWait.isNegative() || poolWait.isZero()) {
            throw new IllegalArgumentException("pool wait must be positive, got " + poolWait);
        }
    }

    /** Without authentication, TLS or CORS; the user store, if ever used, next to the data. */
    public ServerConfig(String host, int port, EmbeddedConfig embedded, int poolSize, Duration poolWait) {
        this(host, port, embedded, poolSize, poolWait, AccessConfig.open(AuthStoreConfig.file(embedded.dataDir())));
    }

    public ServerConfig withAccess(AccessConfig access) {
        return new ServerConfig(host, port, embedded, poolSize, poolWait, access);
    }
}
