package dataapi.auth;

/**
 * The store could not be read or written: it cannot be reached, its document is damaged, or it
 * refused a write (a read-only folder, a full disk). A change refused for what it asks, such as a
 * user who does not exist, is an {@link IllegalArgumentException} instead. The message names the
 * store and the cause, for logs and the command line, never the HTTP client.
 */
public final class AuthStoreException extends RuntimeException {
    private final boolean announced;

    public AuthStoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private AuthStoreException(String message, Throwable cause, boolean announced) {
        super(message, cause);
        this.announced = announced;
    }

    /** A refusal during an outage of the store that the log has announced once, with its cause. */
    static AuthStoreException announced(String message, Throwable cause) {
        return new AuthStoreException(message, cause, true);
    }

    /** Whether the log has said why already: logging each refusal too would repeat it for every request of an outage. */
    public boolean isAnnounced() {
        return announced;
    }
}
