package dataapi.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * An endpoint's JSON body with its strong entity tag and, when it is large enough to be worth it,
 * its gzip coding with a tag of its own (RFC 9110 8.8.3: each representation has its own strong
 * validator). Both are made once, when the result is made, so that answering a repeated request
 * costs no hashing and no compression.
 */
public record CachedResult(byte[] body, String etag, Optional<Gzipped> gzipped) {
    /** The body in gzip coding and its entity tag. */
    public record Gzipped(byte[] body, String etag) {
        public Gzipped {
            requireNonNull(body, "body is null");
            requireNonNull(etag, "etag is null");
        }
    }

    public CachedResult {
        requireNonNull(body, "body is null");
        requireNonNull(etag, "etag is null");
        requireNonNull(gzipped, "gzipped is null");
    }

    /** {@code body}, and its gzip coding when it has {@code gzipFromBytes} bytes or more. */
    public static CachedResult of(byte[] body, int gzipFromBytes) {
        String tag = tag(body);
        Optional<Gzipped> gzipped = body.length >= gzipFromBytes
                ? Optional.of(new Gzipped(gzip(body), "\"" + tag + "-gzip\""))
                : Optional.empty();
        return new CachedResult(body, "\"" + tag + "\"", gzipped);
    }

    /** The bytes kept: the body and its gzip coding. */
    public int size() {
        return body.length + gzipped.map(coded -> coded.body().length).orElse(0);
    }

    private static String tag(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream coded = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(coded)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory stream does not fail", e);
        }
        return coded.toByteArray();
    }
}
