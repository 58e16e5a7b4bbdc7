package dataapi.client;

import static java.util.Objects.requireNonNull;

/** Why a programmatic call failed, in one line without any secret; each kind has its exit code. */
public final class ClientFailure extends RuntimeException {
    public enum Kind {
        USAGE(2), NO_PAT(3), EXCHANGE_REFUSED(4), ENDPOINT_ERROR(5), NETWORK(6);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public ClientFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }

    /**
     * This failure with {@code pat} taken out of its message, as typed or with its underscores
     * made hyphens (as an account URL's are): a PAT typed into a URL's field must not be echoed.
     */
    public ClientFailure withoutPat(String pat) {
        String message = getMessage().replace(pat, "<PAT>").replace(pat.replace('_', '-'), "<PAT>");
        return message.equals(getMessage()) ? this : new ClientFailure(kind, message);
    }
}
