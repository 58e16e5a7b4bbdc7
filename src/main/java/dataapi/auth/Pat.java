package dataapi.auth;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A programmatic access token. Only the SHA-256 of its secret is kept: the secret is shown once.
 *
 * @param id a random identifier that the access tokens minted from it carry
 * @param user the user it acts for
 * @param name unique per user
 * @param secretHash hex SHA-256 of the secret
 * @param role the only role it may act with
 * @param created when it was made
 * @param expires when it stops working
 * @param revoked when it was revoked, if it was
 * @param lastUsed when it was last traded for an access token
 */
public record Pat(String id, String user, String name, String secretHash, String role, Instant created, Instant expires,
                  Optional<Instant> revoked, Optional<Instant> lastUsed) {
    public Pat {
        requireNonNull(id, "id is null");
        requireNonNull(user, "user is null");
        requireNonNull(name, "name is null");
        requireNonNull(secretHash, "secretHash is null");
        requireNonNull(role, "role is null");
        requireNonNull(created, "created is null");
        requireNonNull(expires, "expires is null");
        requireNonNull(revoked, "revoked is null");
        requireNonNull(lastUsed, "lastUsed is null");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    Pat revokedAt(Instant when) {
        return new Pat(id, user, name, secretHash, role, created, expires, Optional.of(when), lastUsed);
    }

    Pat usedAt(Instant when) {
        return new Pat(id, user, name, secretHash, role, created, expires, revoked, Optional.of(when));
    }
}
