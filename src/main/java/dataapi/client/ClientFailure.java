package dataapi.client;

import java.util.List;
import java.util.regex.Pattern;

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
     * made hyphens (as an account URL's are): a PAT typed into a URL's field, which the message
     * quotes, must not be echoed, nor one a server's message quotes. Only where it stands whole,
     * not within a longer run of the characters PATs are made of, so that a short one does not
     * garble the message's words ({@code --pat x} and "example.com").
     */
    public ClientFailure withoutPat(String pat) {
        String message = masked(getMessage(), pat);
        return message.equals(getMessage()) ? this : new ClientFailure(kind, message);
    }

    /** Whether {@code text} holds {@code pat} where {@link #withoutPat} masks it. */
    static boolean holdsPat(String text, String pat) {
        return !masked(text, pat).equals(text);
    }

    private static String masked(String text, String pat) {
        String masked = text;
        for (String form : List.of(pat, pat.replace('_', '-'))) {
            masked = Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(form) + "(?![A-Za-z0-9_-])").matcher(masked).replaceAll("<PAT>");
        }
        return masked;
    }
}
