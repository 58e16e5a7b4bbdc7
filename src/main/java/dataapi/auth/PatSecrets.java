package dataapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * PAT secrets: 256 random bits behind a recognisable prefix (so secret scanners can spot a leaked
 * one). A fast hash is enough to store them: unlike passwords they cannot be guessed.
 */
public final class PatSecrets {
    static final String PREFIX = "dataapi_pat_";
    private static final int SECRET_BYTES = 32;

    private final SecureRandom random;

    public PatSecrets(SecureRandom random) {
        this.random = random;
    }

    public String newSecret() {
        return PREFIX + randomToken(SECRET_BYTES);
    }

    public String randomToken(int bytes) {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
