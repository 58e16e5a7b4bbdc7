package dataapi.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * A report's JSON body with its strong entity tag, computed once when the result is made, so
 * that answering a repeated request costs no hashing.
 */
public record CachedResult(byte[] body, String etag) {
    public CachedResult {
        requireNonNull(body, "body is null");
        requireNonNull(etag, "etag is null");
    }

    public static CachedResult of(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new CachedResult(body, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
