package dataapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.auth.PatSecrets;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

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
    /**
     * How old a temporary file is when no call is writing it any more: a call writes its own and moves
     * it into place within moments, so one this old was left by a call cut short, empty or not.
     */
    private static final Duration LEFTOVER_AGE = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".token";
    private static final String TEMPORARY_PREFIX = "token-";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    /** The names of a key's files: a SHA-256 in hex. */
    private static final Pattern KEY_FILE = Pattern.compile("[0-9a-f]{64}" + Pattern.quote(SUFFIX));
    /** The names of the temporary files {@link Files#createTempFile} makes. */
    private static final Pattern TEMPORARY_FILE = Pattern.compile(Pattern.quote(TEMPORARY_PREFIX) + "[0-9]+" + Pattern.quote(TEMPORARY_SUFFIX));

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
        return read(file(key)).filter(this::usable).map(Entry::token);
    }

    /** Stores the token, and removes the files of tokens no call will use again: only a store adds files. */
    public void put(String key, String token) {
        Optional<Instant> expires = expiry(token);
        if (expires.isEmpty()) {
            return;
        }
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = Files.createTempFile(directory, TEMPORARY_PREFIX, TEMPORARY_SUFFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, expires.get().getEpochSecond() + "\n" + token + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeUnusable();
        } catch (IOException e) {
            // a cache that cannot be written only costs another exchange next time
        }
    }

    /**
     * Removes this cache's files that no call will use again: a key's file whose token has expired (it is
     * replaced only when that account, role, endpoint and PAT are called again, so those of others would
     * stay for good), and a temporary file older than {@link #LEFTOVER_AGE}, so that another call's write
     * under way is not cut short. Other files in the folder, links and folders are never touched. A token
     * another call stores under a removed name at that very moment goes with it: that call's next run
     * trades its PAT again, as after a refused token.
     */
    private void removeUnusable() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, file -> (isKeyFile(file) || isTemporaryFile(file))
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
            for (Path file : files) {
                if (isTemporaryFile(file) ? leftOver(file) : read(file).filter(entry -> !usable(entry)).isPresent()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean isKeyFile(Path file) {
        return KEY_FILE.matcher(file.getFileName().toString()).matches();
    }

    private static boolean isTemporaryFile(Path file) {
        return TEMPORARY_FILE.matcher(file.getFileName().toString()).matches();
    }

    /** Whether a temporary file is older than any write under way; one moved into place or removed meanwhile is not. */
    private boolean leftOver(Path temporary) {
        try {
            return Files.getLastModifiedTime(temporary, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(clock.instant().minus(LEFTOVER_AGE));
        } catch (IOException e) {
            return false;
        }
    }

    private boolean usable(Entry entry) {
        return clock.instant().plus(MARGIN).isBefore(entry.expires());
    }

    /** A token and when it expires, as a file holds them; empty when the file is missing or holds no whole entry. */
    private static Optional<Entry> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() == 2) {
                return Optional.of(new Entry(Instant.ofEpochSecond(Long.parseLong(lines.get(0))), lines.get(1)));
            }
        } catch (IOException | RuntimeException e) {
            // missing or unreadable: trade the PAT again
        }
        return Optional.empty();
    }

    private record Entry(Instant expires, String token) {
    }

    public void remove(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            // as above
        }
    }

    private Path file(String key) {
        return directory.resolve(key + SUFFIX);
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
