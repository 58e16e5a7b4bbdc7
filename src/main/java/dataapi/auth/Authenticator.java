package dataapi.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dataapi.auth.AuthFailure.Kind.EXPIRED;
import static dataapi.auth.AuthFailure.Kind.FORBIDDEN;
import static dataapi.auth.AuthFailure.Kind.INVALID;
import static dataapi.auth.AuthFailure.Kind.MALFORMED;
import static dataapi.auth.AuthFailure.Kind.REVOKED;
import static java.util.Objects.requireNonNull;

/**
 * Built-in authentication and authorization: trades PATs for access tokens, logs browsers in, and
 * checks every token against the store's current state, so that revoking a PAT, dropping a user or
 * taking a role away ends the tokens made before within {@link AuthStore#STALENESS}.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    private static final Pattern SNOWFLAKE_TOKEN = Pattern.compile("Snowflake\\s+Token=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEARER = Pattern.compile("Bearer\\s+(\\S+)", Pattern.CASE_INSENSITIVE);

    private final AuthStore store;
    private final Passwords passwords;
    private final Clock clock;
    private final AtomicReference<SigningKey> signingKey = new AtomicReference<>();
    private final VerifiedTokens verifiedTokens = new VerifiedTokens();
    private final AtomicBoolean useUnrecorded = new AtomicBoolean();

    public Authenticator(AuthStore store, Passwords passwords, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Trades a PAT for an access token for its user, bound to the role and host asked for. */
    public IssuedToken exchange(TokenExchange request) {
        Instant now = clock.instant();
        String secretHash = PatSecrets.hash(request.pat());
        AuthState state = orLatest(store.current(), found -> found.patBySecretHash(secretHash).isPresent());
        Pat pat = state.patBySecretHash(secretHash).orElseThrow(() -> new AuthFailure(INVALID, "The PAT is not valid."));
        checkUsable(state, pat, now, "The PAT");
        if (request.role().isPresent() && !request.role().get().equals(pat.role())) {
            throw new AuthFailure(FORBIDDEN, "The PAT is restricted to role " + pat.role() + ".");
        }
        recordUse(pat, now);
        String token = Tokens.sign(key(state), Tokens.Type.ACCESS, pat.user(), pat.role(), request.host(), Tokens.Binding.pat(pat.id()), now,
                ACCESS_TOKEN_LIFETIME);
        return new IssuedToken(token, ACCESS_TOKEN_LIFETIME, new Caller(pat.user(), Optional.of(pat.role())));
    }

    /**
     * When a PAT was last used is bookkeeping for {@code admin pat list}: a store that cannot be
     * written does not stop the exchange, and says so in the log once until it can be written again.
     */
    private void recordUse(Pat pat, Instant now) {
        try {
            store.update(latest -> latest.pat(pat.id()).isPresent() ? latest.withPatChanged(pat.id(), p -> p.usedAt(now)) : latest);
            if (useUnrecorded.compareAndSet(true, false)) {
                log.info("The auth store records when PATs are used again");
            }
        } catch (AuthStoreException e) {
            if (useUnrecorded.compareAndSet(false, true)) {
                log.warn("Cannot record when PATs are used, token exchanges go on without it: {}", e.getMessage());
            }
        }
    }

    /**
     * The caller of a request with an {@code Authorization} header ({@code Snowflake Token="…"} or
     * {@code Bearer …}) sent to {@code host}.
     */
    public Caller authenticateHeader(String authorization, String host) {
        String token = tokenIn(authorization);
        Instant now = clock.instant();
        Tokens.Claims claims = verifiedTokens.verify(key(store.current()), Tokens.Type.ACCESS, token, host, now);
        AuthState state = orLatest(store.current(), found -> claims.binding().patId().flatMap(found::pat).isPresent());
        Pat pat = claims.binding().patId().flatMap(state::pat)
                .orElseThrow(() -> new AuthFailure(REVOKED, "The PAT this token was made from has been revoked."));
        checkUsable(state, pat, now, "The PAT this token was made from");
        return new Caller(claims.user(), Optional.of(claims.role()));
    }

    /** Checks a password and opens a browser session acting with {@code role}, or the user's default role. */
    public IssuedToken login(String userName, char[] password, Optional<String> roleName, String host) {
        Instant now = clock.instant();
        AuthState state = orLatest(store.current(), found -> userNamed(found, userName).isPresent());
        Optional<User> user = userNamed(state, userName);
        if (!passwords.matches(password, user.flatMap(User::passwordHash)) || user.isEmpty()) {
            throw new AuthFailure(INVALID, "Wrong user name or password.");
        }
        String name = roleName.filter(text -> !text.isBlank()).map(text -> Names.of("role", text))
                .or(() -> user.get().roles().stream().findFirst())
                .orElseThrow(() -> new AuthFailure(FORBIDDEN, "User " + user.get().name() + " has no role."));
        Role role = state.role(name).filter(found -> user.get().hasRole(found.name()))
                .orElseThrow(() -> new AuthFailure(FORBIDDEN, "User " + user.get().name() + " does not have role " + name + "."));
        String token = Tokens.sign(key(state), Tokens.Type.SESSION, user.get().name(), role.name(), host,
                Tokens.Binding.session(user.get().passwordChanged(), role.created()), now, SESSION_LIFETIME);
        return new IssuedToken(token, SESSION_LIFETIME, new Caller(user.get().name(), Optional.of(role.name())));
    }

    /**
     * The caller of a browser session. A session is bound to the password it was opened with, not to
     * when: one opened with the old password by a server that had not yet seen the change ends too.
     * It is bound to its role as made then: a role dropped and made again does not bring it back.
     */
    public Caller authenticateSession(String session, String host) {
        Instant now = clock.instant();
        Tokens.Claims claims = verifiedTokens.verify(key(store.current()), Tokens.Type.SESSION, session, host, now);
        AuthState state = orLatest(store.current(), found -> found.user(claims.user()).isPresent());
        if (state.sessionEnded(claims.id())) {
            throw new AuthFailure(REVOKED, "This session was ended at logout: log in again.");
        }
        User user = state.user(claims.user()).orElseThrow(() -> new AuthFailure(REVOKED, "The session's user no longer exists."));
        Instant passwordChanged = claims.binding().passwordChanged()
                .orElseThrow(() -> new AuthFailure(INVALID, "The session was opened by an earlier version of the server: log in again."));
        if (!passwordChanged.equals(user.passwordChanged())) {
            throw new AuthFailure(REVOKED, "The password changed since this session began: log in again.");
        }
        Role role = state.role(claims.role()).filter(found -> user.hasRole(found.name()))
                .orElseThrow(() -> new AuthFailure(REVOKED, "User " + user.name() + " no longer has role " + claims.role() + "."));
        if (!role.created().equals(claims.binding().roleCreated())) {
            throw new AuthFailure(REVOKED, "Role " + role.name() + " was dropped and made again since this session began: log in again.");
        }
        return new Caller(claims.user(), Optional.of(role.name()));
    }

    /**
     * Ends a browser session for good, not only in the browser that logs out: a copy of its cookie is
     * refused too. Returns whom it acted for.
     *
     * @throws AuthFailure when it is no session of this server's, or one already over, which there is no need to end
     * @throws AuthStoreException when the store cannot record it; the session then lives until it expires
     */
    public Caller logout(String session, String host) {
        Instant now = clock.instant();
        Tokens.Claims claims = verifiedTokens.verify(key(store.current()), Tokens.Type.SESSION, session, host, now);
        store.update(state -> state.withSessionEnded(claims.id(), claims.expires(), now));
        return new Caller(claims.user(), Optional.of(claims.role()));
    }

    /** Whether the store can be read now, so that callers can be checked. */
    public boolean isReady() {
        return store.isReady();
    }

    /** Whether the caller's role was granted the endpoint at {@code path}. */
    public void authorize(Caller caller, String path) {
        String role = caller.role().orElseThrow(() -> new AuthFailure(FORBIDDEN, "No role to call " + path + " with."));
        boolean granted = store.current().role(role).map(found -> found.allows(path)).orElse(false);
        if (!granted) {
            throw new AuthFailure(FORBIDDEN, notGranted(role, path));
        }
    }

    public static String notGranted(String role, String path) {
        return "Role " + role + " is not granted " + path + ".";
    }

    /** The cached state when it knows what is looked for, else the stored one: new PATs and users work at once. */
    private AuthState orLatest(AuthState cached, Predicate<AuthState> knows) {
        return knows.test(cached) ? cached : store.latest();
    }

    private static Optional<User> userNamed(AuthState state, String name) {
        try {
            return state.user(Names.of("user", name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void checkUsable(AuthState state, Pat pat, Instant now, String what) {
        if (pat.revoked().isPresent()) {
            throw new AuthFailure(REVOKED, what + " has been revoked.");
        }
        if (pat.expiredAt(now)) {
            throw new AuthFailure(EXPIRED, what + " has expired.");
        }
        if (state.user(pat.user()).filter(user -> user.hasRole(pat.role())).isEmpty()) {
            throw new AuthFailure(REVOKED, what + " no longer acts for a user with role " + pat.role() + ".");
        }
    }

    private static String tokenIn(String authorization) {
        for (Pattern scheme : new Pattern[] {SNOWFLAKE_TOKEN, BEARER}) {
            Matcher matcher = scheme.matcher(authorization.trim());
            if (matcher.matches() && !matcher.group(1).isEmpty()) {
                return matcher.group(1);
            }
        }
        throw new AuthFailure(MALFORMED, "The Authorization header must be 'Snowflake Token=\"…\"' or 'Bearer …'.");
    }

    private SigningKey key(AuthState state) {
        String jwk = state.signingKey().orElseThrow(() -> new IllegalStateException("the auth store has no signing key"));
        SigningKey parsed = signingKey.get();
        if (parsed == null || !parsed.jwk().equals(jwk)) {
            parsed = SigningKey.parse(jwk);
            signingKey.set(parsed);
        }
        return parsed;
    }
}
