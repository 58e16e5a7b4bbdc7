package dataapi.auth;

/**
 * The store could not be read or written: it cannot be reached, its document is damaged, or it
 * refused a write (a read-only folder, a full disk). A change refused for what it asks, such as a
 * user who does not exist, is an {@link IllegalArgumentException} instead. The message names the
 * store and the cause, for logs and the command line, never the HTTP client.
 */
public final class AuthStoreException extends RuntimeException {
    public AuthStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
