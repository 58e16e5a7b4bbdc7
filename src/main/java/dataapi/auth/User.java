package dataapi.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A user of the API.
 *
 * @param name upper case, like an unquoted Snowflake identifier
 * @param passwordHash the password as {@link Passwords} stores it; empty for a user who only uses PATs
 * @param passwordChanged when the password was last set; browser sessions opened with an earlier one are void
 * @param roles the roles granted, the first being the default one
 */
public record User(String name, Optional<String> passwordHash, Instant passwordChanged, List<String> roles) {
    public User {
        requireNonNull(name, "name is null");
        requireNonNull(passwordHash, "passwordHash is null");
        requireNonNull(passwordChanged, "passwordChanged is null");
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
