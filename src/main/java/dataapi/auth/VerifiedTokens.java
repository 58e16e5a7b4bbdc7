package dataapi.auth;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static dataapi.auth.AuthFailure.Kind.EXPIRED;

/**
 * Tokens whose signature and claims were already checked, so that a client calling many times
 * with one token pays for the ES256 verification once. Only what the signature proves is kept;
 * the PAT, user and role behind a token are still checked against the store on every request.
 */
final class VerifiedTokens {
    private static final int MAX_ENTRIES = 10_000;

    private final ConcurrentMap<String, Tokens.Claims> verified = new ConcurrentHashMap<>();

    Tokens.Claims verify(SigningKey key, Tokens.Type type, String token, String host, Instant now) {
        String cacheKey = key.keyId() + ' ' + type + ' ' + Tokens.audience(host) + ' ' + token;
        Tokens.Claims known = verified.get(cacheKey);
        if (known != null) {
            if (now.isBefore(known.expires())) {
                return known;
            }
            verified.remove(cacheKey);
            throw new AuthFailure(EXPIRED, "The token has expired.");
        }
        Tokens.Claims claims = Tokens.verify(key, type, token, host, now);
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(cacheKey, claims);
        return claims;
    }
}
