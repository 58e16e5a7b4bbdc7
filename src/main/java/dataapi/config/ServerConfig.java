package dataapi.config;

import dataapi.declared.SqlEndpoint;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Everything the server is started with, built once from flags, environment and defaults.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param metricsPort the port of a listener of its own for {@code /metrics} and the probes, on {@code host}, or empty to serve
 *     {@code /metrics} on {@code port}; 0 picks a free one
 * @param embedded the embedded warehouse
 * @param poolSize the most warehouse connections open at once
 * @param poolWait how long a request may wait for a warehouse connection before it gets 503
 * @param cache the report result cache
 * @param warehouse which warehouse the reports run on
 * @param ordersTable the qualified name of TPC-H's ORDERS table there
 * @param postgres the PostgreSQL warehouse, present exactly when {@code warehouse} is {@link WarehouseKind#POSTGRES}
 * @param snowflake how to reach Snowflake; present exactly when {@code warehouse} is {@link WarehouseKind#SNOWFLAKE}
 * @param limits timeouts and concurrency limits of requests
 * @param access authentication, TLS and CORS
 * @param declaredEndpoints endpoints declared in an endpoints file, served beside the reports
 */
public record ServerConfig(String host, int port, OptionalInt metricsPort, EmbeddedConfig embedded, int poolSize, Duration poolWait,
                           CacheConfig cache, WarehouseKind warehouse, String ordersTable, Optional<PostgresConfig> postgres,
                           Optional<SnowflakeConfig> snowflake, RequestLimits limits, AccessConfig access,
                           List<SqlEndpoint> declaredEndpoints) {
    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(metricsPort, "metricsPort is null");
        requireNonNull(embedded, "embedded is null");
        requireNonNull(poolWait, "poolWait is null");
        requireNonNull(cache, "cache is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(ordersTable, "ordersTable is null");
        requireNonNull(postgres, "postgres is null");
        requireNonNull(snowflake, "snowflake is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(access, "access is null");
        declaredEndpoints = List.copyOf(declaredEndpoints);
        if (postgres.isPresent() != (warehouse == WarehouseKind.POSTGRES)) {
            throw new IllegalArgumentException("PostgreSQL settings go with the postgres warehouse only");
        }
        if (snowflake.isPresent() != (warehouse == WarehouseKind.SNOWFLAKE)) {
            throw new IllegalArgumentException("Snowflake settings go with the snowflake warehouse only");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (metricsPort.isPresent() && (metricsPort.getAsInt() < 0 || metricsPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("metrics port must be between 0 and 65535, got " + metricsPort.getAsInt());
        }
        if (metricsPort.isPresent() && port != 0 && metricsPort.getAsInt() == port) {
            throw new IllegalArgumentException("metrics port must differ from the port, both are " + port);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + poolSize);
        }
        if (poolWait.isNegative() || poolWait.isZero()) {
            throw new IllegalArgumentException("pool wait must be positive, got " + poolWait);
        }
    }

    public ServerConfig withDeclaredEndpoints(List<SqlEndpoint> declaredEndpoints) {
        return new ServerConfig(host, port, metricsPort, embedded, poolSize, poolWait, cache, warehouse, ordersTable, postgres, snowflake,
                limits, access, declaredEndpoints);
    }

    public ServerConfig withCache(CacheConfig cache) {
        return new ServerConfig(host, port, metricsPort, embedded, poolSize, poolWait, cache, warehouse, ordersTable, postgres, snowflake,
                limits, access, declaredEndpoints);
    }

    public ServerConfig withAccess(AccessConfig access) {
        return new ServerConfig(host, port, metricsPort, embedded, poolSize, poolWait, cache, warehouse, ordersTable, postgres, snowflake,
                limits, access, declaredEndpoints);
    }
}
