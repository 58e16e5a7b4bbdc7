package dataapi.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Password hashing with PBKDF2-HMAC-SHA256 from the JDK, at OWASP's recommended 600,000
 * iterations. Chosen over Argon2id because it needs no extra library and no per-login memory
 * (Argon2id's memory cost competes with the 256 MB container budget); the stored form names its
 * iteration count so that it can be raised later without invalidating existing hashes.
 * Stored as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64).
 */
public final class Passwords {
    public static final int MINIMUM_LENGTH = 8;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Checked against when the user is unknown, so that the answer takes as long as for a known user; it matches nothing. */
    private static final String DECOY = SCHEME + "$" + ITERATIONS + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    /**
     * Hashes under way, at most one a core. A hash is half a second of a core: a burst of logins all
     * hashing at once would share the cores with every other request. On Java 17, where each login
     * hashes on its own request thread, 40 at once kept {@code /healthz} waiting up to 0.8 s
     * (bench/RESULTS.md); later JVMs' virtual threads run as many at once as there are cores anyway.
     */
    private static final Semaphore HASHING = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private final SecureRandom random;

    public Passwords(SecureRandom random) {
        this.random = random;
    }

    public String hash(char[] password) {
        if (password.length < MINIMUM_LENGTH) {
            throw new IllegalArgumentException("A password needs at least " + MINIMUM_LENGTH + " characters.");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    /** Whether {@code password} matches; takes as long when there is no stored hash. */
    public boolean matches(char[] password, Optional<String> stored) {
        String[] parts = stored.orElse(DECOY).split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        String candidate = hash(password, salt, Integer.parseInt(parts[1]));
        return stored.isPresent() && MessageDigest.isEqual(candidate.getBytes(), stored.get().getBytes());
    }

    private static String hash(char[] password, byte[] salt, int iterations) {
        HASHING.acquireUninterruptibly();
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            HASHING.release();
        }
    }
}
