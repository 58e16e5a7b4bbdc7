package dataapi.auth;

import static java.util.Objects.requireNonNull;

/** Why a request was refused; the message is safe to show the caller and never holds a secret. */
public final class AuthFailure extends RuntimeException {
    public enum Kind {
        MISSING(401), MALFORMED(401), INVALID(401), EXPIRED(401), REVOKED(401), FORBIDDEN(403), BAD_REQUEST(400),
        /** A token request of another grant type than the exchange, which RFC 6749 (5.2) tells apart from a malformed one. */
        UNSUPPORTED_GRANT(400),
        THROTTLED(429);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public AuthFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
