package dataapi.http;

/**
 * A caller, or all callers together, asked for more than the server's limits allow: 429 with
 * {@code Retry-After}, before any query runs.
 */
final class TooManyRequestsException extends RuntimeException {
    private final long retryAfterSeconds;

    /** @param retryAfterSeconds the whole seconds until a request would pass, at least 1 */
    TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("Retry-After must be at least 1 second, got " + retryAfterSeconds);
        }
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
