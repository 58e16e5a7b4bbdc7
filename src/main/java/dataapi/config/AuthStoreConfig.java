package dataapi.config;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where users, roles, PATs and the token signing key live.
 *
 * @param directory the folder of the embedded file store (used when {@code jdbcUrl} is empty)
 * @param jdbcUrl a PostgreSQL JDBC URL for a store that several servers share
 * @param jdbcUser the database user, if not in the URL
 * @param jdbcPassword the database password, if not in the URL; never printed
 */
public record AuthStoreConfig(Path directory, Optional<String> jdbcUrl, Optional<String> jdbcUser, Optional<String> jdbcPassword) {
    public AuthStoreConfig {
        requireNonNull(directory, "directory is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(jdbcUser, "jdbcUser is null");
        requireNonNull(jdbcPassword, "jdbcPassword is null");
        jdbcUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("the auth store URL must start with jdbc:postgresql:");
            }
        });
    }

    public static AuthStoreConfig file(Path directory) {
        return new AuthStoreConfig(directory, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return jdbcUrl.map(url -> "PostgreSQL " + url.replaceAll("(?i)password=[^&]*", "password=***"))
                .orElse("file store in " + directory);
    }
}
