package dataapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.auth.PatSecrets;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Access tokens kept between calls in files readable by their owner only, one per account, role,
 * endpoint origin and PAT (the key is a hash: no file name or content reveals the PAT). The origin
 * has the scheme, so that a token traded for https:// is never sent over plain http:// to the
 * same host and port. A token is reused until a minute before the expiry its JWT names; tokens
 * that are not JWTs are not kept.
 */
public final class TokenCache {
    private static final Duration MARGIN = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Clock clock;

    public TokenCache(Path directory, Clock clock) {
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public static String key(String account, Optional<String> role, URI endpoint, String pat) {
        return PatSecrets.hash(String.join("\n", account, role.orElse(""), PatClient.endpointOrigin(endpoint), PatSecrets.hash(pat)));
    }

    public Optional<String> get(String key) {
        try {
            List<String> lines = Files.readAllLines(file(key), StandardCharsets.UTF_8);
            if (lines.size() == 2 && clock.instant().plus(MARGIN).isBefore(Instant.ofEpochSecond(Long.parseLong(lines.get(0))))) {
                return Optional.of(lines.get(1));
            }
        } catch (IOException | RuntimeException e) {
            // missing or unreadable: trade the PAT again
        }
        return Optional.empty();
    }

    public void put(String key, String token) {
        Optional<Instant> expires = expiry(token);
        if (expires.isEmpty()) {
            return;
        }
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = Files.createTempFile(directory, "token-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, expires.get().getEpochSecond() + "\n" + token + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a cache that cannot be written only costs another exchange next time
        }
    }

    public void remove(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            // as above
        }
    }

    private Path file(String key) {
        return directory.resolve(key + ".token");
    }

    private static Optional<Instant> expiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.hasNonNull("exp") && claims.get("exp").canConvertToLong()
                    ? Optional.of(Instant.ofEpochSecond(claims.get("exp").asLong()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
