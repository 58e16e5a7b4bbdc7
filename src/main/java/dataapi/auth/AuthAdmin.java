package dataapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The administration of users, roles, grants and PATs, mirroring the quickstart's SQL
 * ({@code CREATE USER}, {@code GRANT ROLE ... TO USER}, {@code ALTER USER ... ADD PAT}). Each
 * operation is one atomic change of the store, so it applies to running servers too.
 */
public final class AuthAdmin {
    public static final int DEFAULT_PAT_DAYS = 15;
    public static final int MAX_PAT_DAYS = 90;

    private final AuthStore store;
    private final Passwords passwords;
    private final PatSecrets secrets;
    private final Clock clock;

    public AuthAdmin(AuthStore store, Passwords passwords, PatSecrets secrets, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void createUser(String name, Optional<char[]> password) {
        String user = Names.of("user", name);
        Optional<String> hash = password.map(passwords::hash);
        store.update(state -> {
            if (state.user(user).isPresent()) {
                throw new IllegalArgumentException("User " + user + " already exists.");
            }
            return state.withUser(new User(user, hash, clock.instant(), List.of()));
        });
    }

    /** Sets a new password; browser sessions opened with the old one end. */
    public void setPassword(String name, char[] password) {
        String user = Names.of("user", name);
        String hash = passwords.hash(password);
        store.update(state -> {
            User existing = state.existingUser(user);
            return state.withUser(new User(user, Optional.of(hash), clock.instant(), existing.roles()));
        });
    }

    public void dropUser(String name) {
        String user = Names.of("user", name);
        store.update(state -> state.withoutUser(user));
    }

    public void createRole(String name) {
        String role = Names.of("role", name);
        store.update(state -> {
            if (state.role(role).isPresent()) {
                throw new IllegalArgumentException("Role " + role + " already exists.");
            }
            return state.withRole(new Role(role, Optional.of(clock.instant()), List.of()));
        });
    }

    public void dropRole(String name) {
        String role = Names.of("role", name);
        Instant now = clock.instant();
        store.update(state -> state.withoutRole(role, now));
    }

    public void grantRole(String roleName, String userName) {
        changeUserRoles(roleName, userName, true);
    }

    public void revokeRole(String roleName, String userName) {
        changeUserRoles(roleName, userName, false);
    }

    private void changeUserRoles(String roleName, String userName, boolean grant) {
        String role = Names.of("role", roleName);
        String user = Names.of("user", userName);
        store.update(state -> {
            state.existingRole(role);
            User existing = state.existingUser(user);
            if (!grant && !existing.hasRole(role)) {
                throw new IllegalArgumentException("User " + user + " does not have role " + role + ".");
            }
            List<String> roles = grant ? AuthState.plus(existing.roles(), role) : AuthState.minus(existing.roles(), role);
            return state.withUser(new User(user, existing.passwordHash(), existing.passwordChanged(), roles));
        });
    }

    /** Grants a family or path pattern to a role; returns the grant as stored, e.g. {@code connector} for {@code CONNECTOR}. */
    public String grantEndpoint(String grantText, String roleName) {
        String role = Names.of("role", roleName);
        String endpoints = EndpointGrant.newGrant(grantText).text();
        store.update(state -> {
            Role existing = state.existingRole(role);
            return grantsLike(existing, endpoints).isEmpty() ? state.withRole(existing.withGrants(AuthState.plus(existing.grants(), endpoints))) : state;
        });
        return endpoints;
    }

    /**
     * Revokes every stored grant that reads as {@code grantText} does; refused when the role has none.
     * Returns the grants as they were stored, e.g. {@code connector} for {@code CONNECTOR}.
     */
    public List<String> revokeEndpoint(String grantText, String roleName) {
        String role = Names.of("role", roleName);
        AtomicReference<List<String>> revoked = new AtomicReference<>();
        store.update(state -> {
            Role existing = state.existingRole(role);
            List<String> like = grantsLike(existing, grantText);
            if (like.isEmpty()) {
                throw new IllegalArgumentException("Role " + role + " has no grant " + grantText.trim() + " (it has: "
                        + (existing.grants().isEmpty() ? "none" : String.join(", ", existing.grants())) + ").");
            }
            revoked.set(like);
            return state.withRole(existing.withGrants(existing.grants().stream().filter(grant -> !like.contains(grant)).toList()));
        });
        return revoked.get();
    }

    /**
     * The role's stored grants that are {@code grantText}: as stored (which reaches even one this
     * version cannot read), or read the same way ("CONNECTOR " is connector, "/a/b/" is /a/b).
     */
    private static List<String> grantsLike(Role role, String grantText) {
        Optional<String> wanted = EndpointGrant.canonical(grantText);
        return role.grants().stream()
                .filter(stored -> stored.equals(grantText) || wanted.isPresent() && EndpointGrant.canonical(stored).equals(wanted))
                .toList();
    }

    public List<Role> listRoles() {
        return List.copyOf(store.current().roles().values());
    }

    /**
     * Checks a PAT's lifetime: 1 to {@value #MAX_PAT_DAYS} days.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkPatDays(int days) {
        if (days < 1 || days > MAX_PAT_DAYS) {
            throw new IllegalArgumentException("A PAT lives from 1 to " + MAX_PAT_DAYS + " days, not " + days + ".");
        }
    }

    /** A new PAT for {@code user}, restricted to {@code role}, valid for {@code days} (1 to {@value #MAX_PAT_DAYS}). */
    public NewPat addPat(String userName, String patName, String roleName, int days) {
        checkPatDays(days);
        String user = Names.of("user", userName);
        String name = Names.of("PAT", patName);
        String role = Names.of("role", roleName);
        String secret = secrets.newSecret();
        Instant now = clock.instant();
        Pat pat = new Pat(secrets.randomToken(12), user, name, PatSecrets.hash(secret), role, now, now.plus(Duration.ofDays(days)),
                Optional.empty(), Optional.empty());
        store.update(state -> {
            if (!state.existingUser(user).hasRole(state.existingRole(role).name())) {
                throw new IllegalArgumentException("User " + user + " does not have role " + role + ": grant it first.");
            }
            if (state.pat(user, name).isPresent()) {
                throw new IllegalArgumentException("User " + user + " already has a PAT named " + name + ".");
            }
            return state.withPat(pat);
        });
        return new NewPat(pat, secret);
    }

    public List<Pat> listPats(String userName) {
        String user = Names.of("user", userName);
        AuthState state = store.current();
        state.existingUser(user);
        return state.patsOf(user);
    }

    /** Revokes the PAT and with it every access token minted from it. */
    public void revokePat(String userName, String patName) {
        String user = Names.of("user", userName);
        String name = Names.of("PAT", patName);
        Instant now = clock.instant();
        store.update(state -> {
            Pat pat = state.pat(user, name).orElseThrow(() -> new IllegalArgumentException("User " + user + " has no PAT named " + name + "."));
            return pat.revoked().isPresent() ? state : state.withPatChanged(pat.id(), existing -> existing.revokedAt(now));
        });
    }
}
