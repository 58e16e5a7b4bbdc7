package dataapi.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Everything the store holds, as one immutable value: each change makes a new state with the next
 * revision, so a store can write it atomically and other servers can tell that it changed.
 *
 * @param revision counts the changes
 * @param signingKey the ES256 key that signs access tokens and sessions, as a private JWK; empty until the store first opens
 * @param users by name
 * @param roles by name
 * @param pats by id
 * @param endedSessions the browser sessions ended at logout before they expire, by id, with when they
 *         expire; each is kept only until then, so that the store stays small
 */
public record AuthState(long revision, Optional<String> signingKey, Map<String, User> users, Map<String, Role> roles, Map<String, Pat> pats,
                        Map<String, Instant> endedSessions) {
    public AuthState {
        requireNonNull(signingKey, "signingKey is null");
        users = sorted(users);
        roles = sorted(roles);
        pats = sorted(pats);
        endedSessions = sorted(endedSessions);
    }

    public static AuthState empty() {
        return new AuthState(0, Optional.empty(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    public Optional<Pat> pat(String id) {
        return Optional.ofNullable(pats.get(id));
    }

    public Optional<Pat> patBySecretHash(String secretHash) {
        return pats.values().stream().filter(pat -> pat.secretHash().equals(secretHash)).findFirst();
    }

    public Optional<Pat> pat(String user, String name) {
        return pats.values().stream().filter(pat -> pat.user().equals(user) && pat.name().equals(name)).findFirst();
    }

    public boolean sessionEnded(String id) {
        return endedSessions.containsKey(id);
    }

    public List<Pat> patsOf(String user) {
        return pats.values().stream().filter(pat -> pat.user().equals(user))
                .sorted((a, b) -> a.created().compareTo(b.created())).toList();
    }

    User existingUser(String name) {
        return user(name).orElseThrow(() -> new IllegalArgumentException("User " + name + " does not exist."));
    }

    Role existingRole(String name) {
        return role(name).orElseThrow(() -> new IllegalArgumentException("Role " + name + " does not exist."));
    }

    AuthState withSigningKey(String key) {
        return new AuthState(revision + 1, Optional.of(key), users, roles, pats, endedSessions);
    }

    AuthState withUser(User user) {
        return new AuthState(revision + 1, signingKey, put(users, user.name(), user), roles, pats, endedSessions);
    }

    /** Drops the user and the PATs that act for it. */
    AuthState withoutUser(String name) {
        existingUser(name);
        Map<String, User> remaining = new TreeMap<>(users);
        remaining.remove(name);
        Map<String, Pat> kept = new TreeMap<>(pats);
        kept.values().removeIf(pat -> pat.user().equals(name));
        return new AuthState(revision + 1, signingKey, remaining, roles, kept, endedSessions);
    }

    AuthState withRole(Role role) {
        return new AuthState(revision + 1, signingKey, users, put(roles, role.name(), role), pats, endedSessions);
    }

    /**
     * Drops the role and takes it away from every user; PATs restricted to it are revoked at
     * {@code now}, so that a role made again under the same name does not bring them back.
     */
    AuthState withoutRole(String name, Instant now) {
        existingRole(name);
        Map<String, Role> remaining = new TreeMap<>(roles);
        remaining.remove(name);
        Map<String, User> updated = new TreeMap<>();
        users.values().forEach(user -> updated.put(user.name(), new User(user.name(), user.passwordHash(), user.passwordChanged(),
                user.roles().stream().filter(role -> !role.equals(name)).toList())));
        Map<String, Pat> revoked = new TreeMap<>();
        pats.values().forEach(pat -> revoked.put(pat.id(), pat.role().equals(name) && pat.revoked().isEmpty() ? pat.revokedAt(now) : pat));
        return new AuthState(revision + 1, signingKey, updated, remaining, revoked, endedSessions);
    }

    AuthState withPat(Pat pat) {
        return new AuthState(revision + 1, signingKey, users, roles, put(pats, pat.id(), pat), endedSessions);
    }

    /** Records that session {@code id}, which expires at {@code expires}, has ended; forgets those expired by {@code now}. */
    AuthState withSessionEnded(String id, Instant expires, Instant now) {
        Map<String, Instant> ended = new TreeMap<>(endedSessions);
        ended.values().removeIf(expiry -> !now.isBefore(expiry));
        ended.put(id, expires);
        return new AuthState(revision + 1, signingKey, users, roles, pats, ended);
    }

    AuthState withPatChanged(String id, UnaryOperator<Pat> change) {
        return withPat(change.apply(pat(id).orElseThrow()));
    }

    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new TreeMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(map, "map is null")));
    }

    static List<String> plus(List<String> list, String value) {
        List<String> copy = new ArrayList<>(list);
        if (!copy.contains(value)) {
            copy.add(value);
        }
        return copy;
    }

    static List<String> minus(List<String> list, String value) {
        return list.stream().filter(item -> !item.equals(value)).toList();
    }
}
