package dataapi.declared;

/**
 * A declared endpoint whose SQL, checked before its first query, does not fit its declaration: it
 * never runs. The reason is in the server's log, not in the answer, which names only the endpoint.
 */
public final class MisdeclaredEndpointException extends RuntimeException {
    MisdeclaredEndpointException(String endpointId) {
        super("Endpoint " + endpointId + " does not fit its declaration, so it cannot run. Check the logs for details.");
    }
}
