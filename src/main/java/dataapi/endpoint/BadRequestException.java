package dataapi.endpoint;

/** Input that no query can be built from; the message is shown to the caller as is. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
