package dataapi.auth;

import java.time.Duration;

/**
 * An access token just minted.
 *
 * @param token the signed JWT; a secret
 * @param lifetime how long it is valid
 * @param caller whom it acts for
 */
public record IssuedToken(String token, Duration lifetime, Caller caller) {
    @Override
    public String toString() {
        return "IssuedToken[caller=" + caller + ", lifetime=" + lifetime + "]";
    }
}
