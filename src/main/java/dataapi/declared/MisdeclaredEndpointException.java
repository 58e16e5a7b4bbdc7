package dataapi.declared;

import java.util.Optional;

/**
 * An endpoint whose SQL, checked before its first query, does not fit its declaration, or a report
 * whose SQL does not fit the table it reads: it never runs. The reason is in the server's log, not
 * in the answer, which names only a declared endpoint.
 */
public final class MisdeclaredEndpointException extends RuntimeException {
    private final boolean declared;
    private final IllegalArgumentException reason;

    /** @param reason what does not fit, for the log and the start, never for the answer */
    MisdeclaredEndpointException(CheckedEndpoint endpoint, IllegalArgumentException reason) {
        super(endpoint.isDeclared()
                ? "Endpoint " + endpoint.endpoint().id() + " does not fit its declaration, so it cannot run. Check the logs for details."
                : "Report " + endpoint.endpoint().id() + " does not fit the table it reads, so it cannot run.");
        this.declared = endpoint.isDeclared();
        this.reason = reason;
    }

    /** What the caller is told: a declared endpoint's own sentence; empty for a report, which fails as any failed query does. */
    public Optional<String> answer() {
        return declared ? Optional.of(getMessage()) : Optional.empty();
    }

    IllegalArgumentException reason() {
        return reason;
    }
}
