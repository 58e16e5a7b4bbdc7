package dataapi.declared;

/**
 * A declared endpoint whose SQL, checked before its first query, does not fit its declaration: it
 * never runs. The reason is in the server's log, not in the answer, which names only the endpoint.
 */
public final class MisdeclaredEndpointException extends RuntimeException {
    private final IllegalArgumentException reason;

    /** @param reason what does not fit, for the log and the start, never for the answer */
    MisdeclaredEndpointException(String endpointId, IllegalArgumentException reason) {
        super("Endpoint " + endpointId + " does not fit its declaration, so it cannot run. Check the logs for details.");
        this.reason = reason;
    }

    IllegalArgumentException reason() {
        return reason;
    }
}
