package dataapi.http;

import dataapi.auth.AuthFailure;
import dataapi.auth.AuthStoreException;
import dataapi.auth.Authenticator;
import dataapi.auth.Caller;
import dataapi.auth.FailureThrottle;
import dataapi.auth.IssuedToken;
import dataapi.auth.TokenExchange;
import dataapi.config.AuthMode;
import dataapi.endpoint.BadRequestException;
import dataapi.json.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import static dataapi.auth.AuthFailure.Kind.INVALID;
import static dataapi.auth.AuthFailure.Kind.MALFORMED;
import static dataapi.auth.AuthFailure.Kind.MISSING;
import static dataapi.auth.AuthFailure.Kind.THROTTLED;
import static java.util.Objects.requireNonNull;

/**
 * Who may call what, checked before every route: nobody ({@code none}), the SPCS ingress's
 * {@code Sf-Context-Current-User} ({@code spcs}), or dataapi's own tokens, sessions and grants
 * ({@code builtin}, with {@code POST /oauth/token}, {@code /login} and {@code /logout}). The
 * authenticated caller is left on the request as {@link Caller#ATTRIBUTE}.
 */
public final class AccessGate {
    private static final Logger log = LoggerFactory.getLogger(AccessGate.class);
    static final String SPCS_USER_HEADER = "Sf-Context-Current-User";
    static final String SESSION_COOKIE = "dataapi_session";
    private static final Set<String> PUBLIC_PATHS = Set.of("/", "/login", "/login.css", "/logout", "/oauth/token");
    static final String NO_CREDENTIALS = "Authentication required: send 'Authorization: Snowflake Token=\"…\"' or 'Bearer …', or log in at /login.";
    /** RFC 8693's type of the token {@code POST /oauth/token} issues, and how it is sent back. */
    static final String ISSUED_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String TOKEN_TYPE = "Bearer";
    static final String TOO_MANY_FAILURES = "Too many failed attempts from this address. Retry later.";
    static final String NOT_THROUGH_INGRESS = "No " + SPCS_USER_HEADER + " header: requests must come through the SPCS ingress.";
    static final String STORE_UNAVAILABLE = "The user store cannot be reached. Retry later.";
    /**
     * The longest page, percent-encoded, that the login is told to go back to: far more than any
     * page's parameters take, and a request line near its 8 KiB limit, three times longer once
     * encoded, would not fit in the redirect's headers. A longer one goes to the default page.
     */
    private static final int MAX_NEXT_LENGTH = 2048;
    /**
     * Logins under way at once, hashing or waiting to: 16 a core, about 8 s of hashing. One beyond them is
     * refused at once. The failure throttle bounds one address's, but addresses are many (an IPv6 network
     * has billions): unbounded, such a flood would hold every thread it waits on, on Java 17 the request
     * threads, on 21 and later the carrier threads that queries' virtual threads need too.
     */
    static final int MAX_LOGINS_UNDER_WAY = 16 * Runtime.getRuntime().availableProcessors();
    static final String TOO_MANY_LOGINS = "Too many logins are being checked at once. Retry in a few seconds.";

    /** What built-in mode checks with. */
    private record Builtin(Authenticator authenticator, FailureThrottle throttle) {
    }

    private final AuthMode mode;
    private final Optional<Builtin> builtin;
    private final LoginPage loginPage = new LoginPage();
    private final Semaphore loginsUnderWay = new Semaphore(MAX_LOGINS_UNDER_WAY);
    /** Every refusal is one a client can repeat at will. */
    private final ThrottledWarnings refusals = new ThrottledWarnings(log, Clock.systemUTC());

    private AccessGate(AuthMode mode, Optional<Builtin> builtin) {
        this.mode = requireNonNull(mode, "mode is null");
        this.builtin = requireNonNull(builtin, "builtin is null");
    }

    public static AccessGate none() {
        return new AccessGate(AuthMode.NONE, Optional.empty());
    }

    public static AccessGate spcs() {
        return new AccessGate(AuthMode.SPCS, Optional.empty());
    }

    public static AccessGate builtin(Authenticator authenticator, FailureThrottle throttle) {
        return new AccessGate(AuthMode.BUILTIN, Optional.of(new Builtin(requireNonNull(authenticator, "authenticator is null"),
                requireNonNull(throttle, "throttle is null"))));
    }

    /**
     * Installs the check before every route; {@code endpointPrefixes} are the paths that need a
     * grant, such as {@code /connector/}, and {@code operatorPaths} those that need no credentials
     * in any mode.
     */
    void install(JavalinConfig config, List<String> endpointPrefixes, Set<String> operatorPaths) {
        config.routes.before(ctx -> check(ctx, endpointPrefixes, operatorPaths));
        config.routes.exception(AuthFailure.class, this::refuse);
        config.routes.exception(AuthStoreException.class, (e, ctx) -> {
            if (!e.isAnnounced()) {
                log.warn("{} {} from {}: {}", ctx.method(), ctx.path(), Forwarded.clientAddress(ctx), e.getMessage());
            }
            ctx.header("Retry-After", ApiServer.RETRY_AFTER_SECONDS);
            ApiServer.error(ctx, 503, STORE_UNAVAILABLE);
        });
    }

    /** Built-in mode's sign-in routes; none in the other modes. A login hashes its password where {@code longWork} says. */
    void addRoutes(JavalinConfig config, LongWork longWork) {
        builtin.ifPresent(auth -> {
            config.routes.post("/oauth/token", ctx -> exchange(ctx, auth));
            config.routes.get("/login", this::sendLoginPage);
            config.routes.get("/login.css", loginPage::sendStyle);
            config.routes.post("/login", ctx -> {
                if (!loginsUnderWay.tryAcquire()) {
                    refusals.warn("Login from {} refused: {}", Forwarded.clientAddress(ctx), TOO_MANY_LOGINS);
                    ctx.header("Retry-After", ApiServer.RETRY_AFTER_SECONDS);
                    loginPage.send(ctx, 503, TOO_MANY_LOGINS, LoginPage.safeNext(ctx.formParam("next")));
                    return;
                }
                longWork.goOn(ctx, () -> {
                    try {
                        login(ctx, auth);
                    } finally {
                        loginsUnderWay.release();
                    }
                });
            });
            config.routes.post("/logout", ctx -> logout(ctx, auth));
            config.routes.get("/session", ctx -> {
                Caller caller = ctx.attribute(Caller.ATTRIBUTE);
                // Who is signed in, which a logout or another login changes: never answered from a cache.
                ctx.header("Cache-Control", "no-store");
                ApiServer.json(ctx, Json.object(json -> {
                    json.writeStringField("user", caller.user());
                    json.writeStringField("role", caller.role().orElse(""));
                }));
            });
        });
    }

    AuthMode mode() {
        return mode;
    }

    /** Whether callers can be checked now: in built-in mode, whether the user store can be read. */
    boolean isReady() {
        return builtin.map(auth -> auth.authenticator().isReady()).orElse(true);
    }

    /**
     * Whether a request to {@code path} must say who sends it; the OpenAPI document says the same.
     * {@code operatorPaths}, the probes and the metrics, need no credentials in any mode: orchestrators
     * and scrapers carry none.
     */
    boolean needsCredentials(String path, Set<String> operatorPaths) {
        return switch (mode) {
            case NONE -> false;
            // SPCS's readiness probe and a metrics scraper reach the container directly, not through the ingress.
            case SPCS -> !operatorPaths.contains(path);
            case BUILTIN -> !PUBLIC_PATHS.contains(path) && !operatorPaths.contains(path);
        };
    }

    private void check(Context ctx, List<String> endpointPrefixes, Set<String> operatorPaths) {
        if (mode == AuthMode.NONE) {
            ctx.attribute(Caller.ATTRIBUTE, Caller.ANONYMOUS);
            return;
        }
        // Preflight requests carry no credentials; they are answered by the CORS rules alone.
        if (!needsCredentials(ctx.path(), operatorPaths) || (mode == AuthMode.BUILTIN && ctx.method().name().equals("OPTIONS"))) {
            return;
        }
        if (mode == AuthMode.SPCS) {
            String user = onlyValue(ctx, SPCS_USER_HEADER);
            if (user == null || user.isBlank()) {
                throw new AuthFailure(MISSING, NOT_THROUGH_INGRESS);
            }
            ctx.attribute(Caller.ATTRIBUTE, new Caller(user.trim(), Optional.empty()));
            return;
        }
        Builtin auth = builtin.orElseThrow();
        throttle(ctx, auth.throttle());
        Caller caller = authenticate(ctx, auth);
        ctx.attribute(Caller.ATTRIBUTE, caller);
        if (endpointPrefixes.stream().anyMatch(ctx.path()::startsWith)) {
            auth.authenticator().authorize(caller, routedPath(ctx.path(), endpointPrefixes));
        }
    }

    /**
     * The path as the router matches it, which grants are written for: the router ignores one
     * trailing slash ({@code ignoreTrailingSlashes}), so {@code /connector/orders/by_priority/} is
     * that endpoint and its grant covers it. A family's own prefix keeps its slash.
     */
    private static String routedPath(String path, List<String> endpointPrefixes) {
        String withoutSlash = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return endpointPrefixes.stream().anyMatch(withoutSlash::startsWith) ? withoutSlash : path;
    }

    private static Caller authenticate(Context ctx, Builtin auth) {
        try {
            String authorization = onlyValue(ctx, "Authorization");
            if (authorization != null && !authorization.isBlank()) {
                return auth.authenticator().authenticateHeader(authorization, host(ctx));
            }
            String session = ctx.cookie(SESSION_COOKIE);
            if (session != null && !session.isBlank()) {
                return auth.authenticator().authenticateSession(session, host(ctx));
            }
            throw new AuthFailure(MISSING, NO_CREDENTIALS);
        } catch (AuthFailure e) {
            countFailure(ctx, auth.throttle(), e);
            throw e;
        }
    }

    /**
     * The one value of a header that names the caller, or null. Two are refused rather than one picked:
     * which was meant is unknown, say a client's own beside the one a proxy in front added.
     */
    private static String onlyValue(Context ctx, String header) {
        Enumeration<String> values = ctx.req().getHeaders(header);
        String value = values.hasMoreElements() ? values.nextElement() : null;
        if (values.hasMoreElements()) {
            throw new AuthFailure(MALFORMED, "The request has more than one " + header + " header; send one.");
        }
        return value;
    }

    /** Counts a failure that could be a guess ({@link #isGuess}). */
    private static void countFailure(Context ctx, FailureThrottle throttle, AuthFailure failure) {
        if (isGuess(failure)) {
            throttle.failed(Forwarded.clientAddress(ctx));
        }
    }

    /**
     * Whether a failure could be a guess: a malformed or invalid credential, or a wrong password. No
     * credentials, an expired token and a revoked one guess nothing (an expired or revoked token was
     * genuine): counted, a browser's visits before it logs in, or a client holding on to such a token,
     * would shut out every caller from that address, whatever they send.
     */
    private static boolean isGuess(AuthFailure failure) {
        return failure.kind() == MALFORMED || failure.kind() == INVALID;
    }

    /** The host the request was sent to, which tokens and sessions are bound to. */
    private static String host(Context ctx) {
        return Objects.requireNonNullElse(ctx.host(), "");
    }

    private static void throttle(Context ctx, FailureThrottle throttle) {
        Optional<Duration> wait = throttle.retryAfter(Forwarded.clientAddress(ctx));
        if (wait.isPresent()) {
            throw throttled(ctx, wait.get());
        }
    }

    private static AuthFailure throttled(Context ctx, Duration wait) {
        ctx.header("Retry-After", String.valueOf(Math.max(1, wait.toSeconds() + 1)));
        return new AuthFailure(THROTTLED, TOO_MANY_FAILURES);
    }

    /**
     * Checks a password, counted against the address's failures from the start ({@link FailureThrottle.Attempt}):
     * refused while its failures and the checks under way reach the limit, for a second when the checks make it.
     */
    private static <T> T checkPassword(Context ctx, FailureThrottle throttle, Supplier<T> check) {
        FailureThrottle.Attempt attempt = throttle.attempt(Forwarded.clientAddress(ctx))
                .orElseThrow(() -> throttled(ctx, throttle.retryAfter(Forwarded.clientAddress(ctx)).orElse(Duration.ZERO)));
        boolean guessFailed = false;
        try {
            return check.get();
        } catch (AuthFailure e) {
            guessFailed = isGuess(e);
            throw e;
        } finally {
            attempt.ended(guessFailed);
        }
    }

    private void refuse(AuthFailure failure, Context ctx) {
        refusals.warn("{} {} from {} refused: {}", ctx.method(), ctx.path(), Forwarded.clientAddress(ctx), failure.getMessage());
        boolean browser = ctx.method().name().equals("GET") && ctx.header("Authorization") == null
                && String.valueOf(ctx.header("Accept")).contains("text/html");
        if (mode == AuthMode.BUILTIN && failure.kind().status() == 401 && browser) {
            if (ctx.cookie(SESSION_COOKIE) != null) {
                clearSession(ctx);
            }
            // The raw path and query, as asked for: after the login the browser gets the same page, with its parameters.
            String asked = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
            String next = URLEncoder.encode(asked, StandardCharsets.UTF_8);
            seeOther(ctx, next.length() <= MAX_NEXT_LENGTH ? "/login?next=" + next : "/login");
            return;
        }
        if (failure.kind().status() == 401) {
            // Behind SPCS the credential is Snowflake's, presented to the ingress; dataapi's own tokens are bearer tokens.
            ctx.header("WWW-Authenticate", mode == AuthMode.SPCS ? "Snowflake realm=\"SPCS ingress\"" : "Bearer realm=\"dataapi\"");
        }
        ctx.status(failure.kind().status());
        ApiServer.json(ctx, Json.error(failure.getMessage()));
    }

    /** {@code POST /oauth/token}: the token exchange of API.md, errors as RFC 6749 JSON. */
    private void exchange(Context ctx, Builtin auth) {
        ctx.header("Cache-Control", "no-store");
        // The token's form (text or JSON) follows Accept.
        ctx.res().addHeader("Vary", "Accept");
        try {
            throttle(ctx, auth.throttle());
            TokenExchange request = TokenExchange.parse(singleField(ctx, "grant_type"), singleField(ctx, "subject_token"),
                    singleField(ctx, "subject_token_type"), singleField(ctx, "scope"));
            IssuedToken issued = auth.authenticator().exchange(request);
            log.info("Issued an access token to {} for {} from {}", issued.caller(), request.host(), Forwarded.clientAddress(ctx));
            if (String.valueOf(ctx.header("Accept")).contains("application/json")) {
                ApiServer.json(ctx, Json.object(json -> {
                    json.writeStringField("access_token", issued.token());
                    json.writeStringField("issued_token_type", ISSUED_TOKEN_TYPE);
                    json.writeStringField("token_type", TOKEN_TYPE);
                    json.writeNumberField("expires_in", issued.lifetime().toSeconds());
                }));
            } else {
                ctx.contentType("text/plain; charset=utf-8").result(issued.token());
            }
        } catch (AuthFailure e) {
            countFailure(ctx, auth.throttle(), e);
            refusals.warn("Token exchange from {} refused: {}", Forwarded.clientAddress(ctx), e.getMessage());
            ctx.status(e.kind().status());
            ApiServer.json(ctx, Json.object(json -> {
                json.writeStringField("error", oauthError(e.kind()));
                json.writeStringField("error_description", e.getMessage());
            }));
        }
    }

    /**
     * A form field's value, or null; one given twice is refused, as a query parameter given twice is
     * (RFC 6749 3.1 asks it of the token endpoint; the login form asks it too, rather than guess which was meant).
     */
    private static String singleField(Context ctx, String name) {
        List<String> values = ctx.formParams(name);
        if (values.size() > 1) {
            throw new AuthFailure(AuthFailure.Kind.BAD_REQUEST, name + " was given more than once.");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static String oauthError(AuthFailure.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> "invalid_request";
            case UNSUPPORTED_GRANT -> "unsupported_grant_type";
            case FORBIDDEN -> "invalid_scope";
            case THROTTLED -> "slow_down";
            default -> "invalid_grant";
        };
    }

    /** The form, to go back to {@code next}; a browser shown a query string it cannot read gets the form too, with why. */
    private void sendLoginPage(Context ctx) {
        String next;
        try {
            next = QueryString.single(ctx.queryString(), "next");
        } catch (BadRequestException e) {
            loginPage.send(ctx, 400, e.getMessage(), null);
            return;
        }
        loginPage.send(ctx, 200, "", next);
    }

    private void login(Context ctx, Builtin auth) {
        String next = LoginPage.safeNext(ctx.formParam("next"));
        try {
            String user = String.valueOf(singleField(ctx, "user"));
            String password = singleField(ctx, "password");
            Optional<String> role = Optional.ofNullable(singleField(ctx, "role"));
            IssuedToken session = checkPassword(ctx, auth.throttle(),
                    () -> auth.authenticator().login(user, (password == null ? "" : password).toCharArray(), role, host(ctx)));
            log.info("{} logged in from {}", session.caller(), Forwarded.clientAddress(ctx));
            ctx.cookie(sessionCookie(ctx, session.token(), (int) session.lifetime().toSeconds()));
            seeOther(ctx, next);
        } catch (AuthFailure e) {
            refusals.warn("Login from {} refused: {}", Forwarded.clientAddress(ctx), e.getMessage());
            loginPage.send(ctx, e.kind().status(), e.getMessage(), next);
        } catch (IllegalArgumentException e) {
            loginPage.send(ctx, 400, e.getMessage(), next);
        }
    }

    /** Ends the session in the store, so that a copy of the cookie is refused too, and clears the cookie whatever the store says. */
    private static void logout(Context ctx, Builtin auth) {
        String session = ctx.cookie(SESSION_COOKIE);
        if (session != null && !session.isBlank()) {
            try {
                log.info("{} logged out from {}", auth.authenticator().logout(session, host(ctx)), Forwarded.clientAddress(ctx));
            } catch (AuthFailure e) {
                // No session of this server's, or one already over: there is nothing to end.
            } catch (AuthStoreException e) {
                log.warn("Logout from {}: the session could not be recorded as ended, so a copy of its cookie works until it expires: {}",
                        Forwarded.clientAddress(ctx), e.getMessage());
            }
        }
        clearSession(ctx);
        seeOther(ctx, "/login");
    }

    /** A 303 with no body: Javalin's, the word "Redirected", would go out typed as the JSON the server's answers are. */
    private static void seeOther(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.SEE_OTHER);
        ctx.result(new byte[0]).contentType("text/plain; charset=utf-8");
    }

    private static void clearSession(Context ctx) {
        ctx.cookie(sessionCookie(ctx, "", 0));
    }

    /** HttpOnly and SameSite=Strict always (the CSRF defence, with POST-only changes); Secure under TLS, this server's or a trusted proxy's. */
    private static Cookie sessionCookie(Context ctx, String value, int maxAgeSeconds) {
        return new Cookie(SESSION_COOKIE, value, "/", maxAgeSeconds, Forwarded.isHttps(ctx), true, null, SameSite.STRICT);
    }
}
