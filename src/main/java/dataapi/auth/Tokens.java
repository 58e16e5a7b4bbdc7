package dataapi.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static dataapi.auth.AuthFailure.Kind.EXPIRED;
import static dataapi.auth.AuthFailure.Kind.INVALID;
import static dataapi.auth.AuthFailure.Kind.MALFORMED;

/**
 * Signed ES256 JWTs: access tokens minted from a PAT and browser sessions. Both are bound to a user,
 * a role and the host they were issued for (the audience).
 */
final class Tokens {
    private static final String ISSUER = "dataapi";
    private static final String TYPE = "typ";
    private static final String ROLE = "role";
    private static final String PAT = "pat";
    private static final String PASSWORD_CHANGED = "password_changed";
    private static final String ROLE_CREATED = "role_created";
    /**
     * A signed JWT as this server writes it: three base64url parts. The parser skips characters base64url
     * has not, so a token sent in quotes would otherwise read as one whose signature is wrong.
     */
    private static final Pattern COMPACT_FORM = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    enum Type {
        ACCESS, SESSION;

        String claim() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a token stands for besides its user, role and host, checked against the store on each use:
     * an access token's PAT; a session's password and role, as they were when the session began.
     */
    record Binding(Optional<String> patId, Optional<Instant> passwordChanged, Optional<Instant> roleCreated) {
        static Binding pat(String id) {
            return new Binding(Optional.of(id), Optional.empty(), Optional.empty());
        }

        static Binding session(Instant passwordChanged, Optional<Instant> roleCreated) {
            return new Binding(Optional.empty(), Optional.of(passwordChanged), roleCreated);
        }
    }

    /**
     * What a verified token says.
     *
     * @param id the token's own random id, by which a session is ended at logout
     */
    record Claims(String id, String user, String role, Binding binding, Instant expires) {
    }

    private Tokens() {
    }

    static String sign(SigningKey key, Type type, String user, String role, String host, Binding binding, Instant now, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user)
                .audience(audience(host))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim(TYPE, type.claim())
                .claim(ROLE, role);
        binding.patId().ifPresent(id -> claims.claim(PAT, id));
        binding.passwordChanged().ifPresent(changed -> claims.claim(PASSWORD_CHANGED, changed.toString()));
        binding.roleCreated().ifPresent(created -> claims.claim(ROLE_CREATED, created.toString()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.keyId()).build(), claims.build());
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    static Claims verify(SigningKey key, Type type, String token, String host, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        if (!COMPACT_FORM.matcher(token).matches()) {
            throw new AuthFailure(MALFORMED, "The token is malformed.");
        }
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthFailure(MALFORMED, "The token is malformed.");
        }
        try {
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(key.verifier())) {
                throw new AuthFailure(INVALID, "The token's signature is not valid.");
            }
        } catch (JOSEException e) {
            throw new AuthFailure(INVALID, "The token's signature is not valid.");
        }
        try {
            String user = claims.getSubject();
            String role = claims.getStringClaim(ROLE);
            Date expires = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || !type.claim().equals(claims.getStringClaim(TYPE)) || claims.getJWTID() == null
                    || user == null || role == null || expires == null || claims.getIssueTime() == null) {
                throw new AuthFailure(INVALID, "The token is not a dataapi " + type.claim() + " token.");
            }
            if (!now.isBefore(expires.toInstant())) {
                throw new AuthFailure(EXPIRED, "The token has expired.");
            }
            if (!claims.getAudience().equals(List.of(audience(host)))) {
                throw new AuthFailure(INVALID, "The token was issued for another host.");
            }
            Binding binding = new Binding(Optional.ofNullable(claims.getStringClaim(PAT)), instant(claims, PASSWORD_CHANGED),
                    instant(claims, ROLE_CREATED));
            return new Claims(claims.getJWTID(), user, role, binding, expires.toInstant());
        } catch (ParseException | DateTimeParseException e) {
            throw new AuthFailure(MALFORMED, "The token is malformed.");
        }
    }

    /** A time kept in a claim as ISO-8601 text, which a JWT's numeric dates would cut to whole seconds. */
    private static Optional<Instant> instant(JWTClaimsSet claims, String name) throws ParseException {
        return Optional.ofNullable(claims.getStringClaim(name)).map(Instant::parse);
    }

    /** Host names compare without case and without a default port, as browsers and clients vary in both. */
    static String audience(String host) {
        String normalized = host.trim().toLowerCase(Locale.ROOT);
        for (String defaultPort : List.of(":443", ":80")) {
            if (normalized.endsWith(defaultPort)) {
                return normalized.substring(0, normalized.length() - defaultPort.length());
            }
        }
        return normalized;
    }
}
