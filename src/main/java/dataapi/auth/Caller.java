package dataapi.auth;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling, once authenticated. The HTTP layer stores it on each request as the attribute
 * {@link #ATTRIBUTE}, for access logs and per-caller limits.
 *
 * @param user the user name ({@code anonymous} when authentication is off)
 * @param role the role the call acts with; empty when the mode has no roles (none, spcs)
 */
public record Caller(String user, Optional<String> role) {
    public static final String ATTRIBUTE = "dataapi.caller";
    public static final Caller ANONYMOUS = new Caller("anonymous", Optional.empty());

    public Caller {
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
    }

    /** True when nobody was authenticated (authentication is off). */
    public boolean isAnonymous() {
        return equals(ANONYMOUS);
    }

    @Override
    public String toString() {
        return role.map(name -> user + "/" + name).orElse(user);
    }
}
