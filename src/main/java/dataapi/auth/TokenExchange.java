package dataapi.auth;

import java.util.Optional;
import java.util.regex.Pattern;

import static dataapi.auth.AuthFailure.Kind.BAD_REQUEST;
import static dataapi.auth.AuthFailure.Kind.UNSUPPORTED_GRANT;

/**
 * A request to trade a PAT for an access token, as the quickstart's clients send it
 * (RFC 8693 token exchange with Snowflake's scope {@code session:scope:ROLE host}).
 *
 * @param pat the subject token
 * @param role the role asked for, if any
 * @param host the endpoint host the token is for
 */
public record TokenExchange(String pat, Optional<String> role, String host) {
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String SUBJECT_TOKEN_TYPE = "programmatic_access_token";
    private static final String ROLE_SCOPE = "session:scope:";
    /**
     * A host as a {@code Host} header names it (RFC 9110 7.2): a name or IPv4 address, or an IPv6
     * address in brackets, and a port. Anything else could never match a request's, so the token
     * it would be bound to could never be used.
     */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9._~-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");
    private static final int MAX_HOST_LENGTH = 255;

    /** Checks the form fields; the messages name the field, never its value. */
    public static TokenExchange parse(String grantType, String subjectToken, String subjectTokenType, String scope) {
        if (!GRANT_TYPE.equals(grantType)) {
            // Without a value it is absent (RFC 6749 3.1): a malformed request, not another grant.
            throw new AuthFailure(grantType == null || grantType.isEmpty() ? BAD_REQUEST : UNSUPPORTED_GRANT, "grant_type must be " + GRANT_TYPE + ".");
        }
        if (!SUBJECT_TOKEN_TYPE.equals(subjectTokenType)) {
            throw new AuthFailure(BAD_REQUEST, "subject_token_type must be " + SUBJECT_TOKEN_TYPE + ".");
        }
        if (subjectToken == null || subjectToken.isBlank()) {
            throw new AuthFailure(BAD_REQUEST, "subject_token is missing.");
        }
        Optional<String> role = Optional.empty();
        String host = null;
        for (String part : (scope == null ? "" : scope.trim()).split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith(ROLE_SCOPE) && role.isEmpty()) {
                role = Optional.of(roleName(part.substring(ROLE_SCOPE.length())));
            } else if (!part.startsWith(ROLE_SCOPE) && host == null) {
                host = part;
            } else {
                throw new AuthFailure(BAD_REQUEST, "scope must be 'session:scope:ROLE HOST' with at most one role and one host.");
            }
        }
        if (host == null) {
            throw new AuthFailure(BAD_REQUEST, "scope must name the endpoint host, as in 'session:scope:ROLE HOST'.");
        }
        if (host.length() > MAX_HOST_LENGTH || !HOST.matcher(host).matches()) {
            throw new AuthFailure(BAD_REQUEST, "scope's host must be the API's host as a Host header names it, such as api.example.com:8443,"
                    + " with no scheme or path.");
        }
        return new TokenExchange(subjectToken.trim(), role, host);
    }

    private static String roleName(String text) {
        try {
            return Names.of("role", text);
        } catch (IllegalArgumentException e) {
            throw new AuthFailure(BAD_REQUEST, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "TokenExchange[role=" + role + ", host=" + host + "]";
    }
}
