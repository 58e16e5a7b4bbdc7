package dataapi.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dataapi.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the end-to-end tests cannot wait for or arrange: a token verified once still expires on time;
 * clocks that differ between a server and an admin command; ended sessions forgotten once expired;
 * a session from the previous version.
 */
class AuthenticatorTest {
    private static final String HOST = "api.example.com";
    private static final char[] OLD_PASSWORD = "the old password".toCharArray();

    @TempDir
    Path work;

    /**
     * A session opened with the old password after the change was recorded, by the change's clock:
     * here the admin command's clock is behind the server's; a server whose copy of the store was
     * not yet up to date does the same.
     */
    @Test
    void aSessionOpenedWithAPasswordSinceChangedEndsWheneverItBegan() {
        MovableClock serverClock = new MovableClock();
        MovableClock adminClock = new MovableClock();
        try (FileAuthStore store = new FileAuthStore(work)) {
            AuthAdmin admin = apiUserWithApiRole(store, adminClock);
            Authenticator authenticator = authenticator(store, serverClock);
            serverClock.advance(Duration.ofMinutes(10));
            String session = authenticator.login("apiuser", OLD_PASSWORD, Optional.empty(), HOST).token();
            assertThat(authenticator.authenticateSession(session, HOST)).isEqualTo(new Caller("APIUSER", Optional.of("APIROLE")));

            adminClock.advance(Duration.ofMinutes(1));
            admin.setPassword("apiuser", "the new password".toCharArray());

            assertThatThrownBy(() -> authenticator.authenticateSession(session, HOST))
                    .isInstanceOf(AuthFailure.class).hasMessage("The password changed since this session began: log in again.");
        }
    }

    @Test
    void aSessionEndsWithItsRoleAndARoleMadeAgainDoesNotBringItBack() {
        MovableClock clock = new MovableClock();
        try (FileAuthStore store = new FileAuthStore(work)) {
            AuthAdmin admin = apiUserWithApiRole(store, clock);
            Authenticator authenticator = authenticator(store, clock);
            String session = authenticator.login("apiuser", OLD_PASSWORD, Optional.empty(), HOST).token();

            clock.advance(Duration.ofMillis(1));
            admin.dropRole("apirole");
            assertThatThrownBy(() -> authenticator.authenticateSession(session, HOST))
                    .isInstanceOf(AuthFailure.class).hasMessage("User APIUSER no longer has role APIROLE.");
            clock.advance(Duration.ofMillis(1));
            admin.createRole("apirole");
            admin.grantRole("apirole", "apiuser");

            assertThatThrownBy(() -> authenticator.authenticateSession(session, HOST)).isInstanceOf(AuthFailure.class)
                    .hasMessage("Role APIROLE was dropped and made again since this session began: log in again.");
            String again = authenticator.login("apiuser", OLD_PASSWORD, Optional.empty(), HOST).token();
            assertThat(authenticator.authenticateSession(again, HOST)).isEqualTo(new Caller("APIUSER", Optional.of("APIROLE")));
        }
    }

    @Test
    void aLogoutEndsTheSessionOnEveryServerAndTheStoreForgetsItOnceItWouldHaveExpired() throws Exception {
        MovableClock clock = new MovableClock();
        try (FileAuthStore store = new FileAuthStore(work)) {
            apiUserWithApiRole(store, clock);
            Authenticator authenticator = authenticator(store, clock);
            String first = authenticator.login("apiuser", OLD_PASSWORD, Optional.empty(), HOST).token();
            String second = authenticator.login("apiuser", OLD_PASSWORD, Optional.empty(), HOST).token();

            assertThat(authenticator.logout(first, HOST)).isEqualTo(new Caller("APIUSER", Optional.of("APIROLE")));

            assertThatThrownBy(() -> authenticator.authenticateSession(first, HOST))
                    .isInstanceOf(AuthFailure.class).hasMessage("This session was ended at logout: log in again.");
            try (FileAuthStore elsewhere = new FileAuthStore(work)) {
                assertThatThrownBy(() -> authenticator(elsewhere, clock).authenticateSession(first, HOST))
                        .as("another server on the store").isInstanceOf(AuthFailure.class).hasMessage("This session was ended at logout: log in again.");
            }
            assertThat(authenticator.authenticateSession(second, HOST).user()).isEqualTo("APIUSER");
            assertThat(store.current().endedSessions()).containsOnlyKeys(tokenId(first));

            clock.advance(Authenticator.SESSION_LIFETIME);
            String later = authenticator.login("apiuser", OLD_PASSWORD, Optional.empty(), HOST).token();
            authenticator.logout(later, HOST);
            assertThat(store.current().endedSessions()).as("the first would have expired by now").containsOnlyKeys(tokenId(later));
        }
    }

    /** Makes APIUSER, with OLD_PASSWORD, and APIROLE granted to it; the administration that did, on {@code clock}. */
    private static AuthAdmin apiUserWithApiRole(AuthStore store, Clock clock) {
        AuthAdmin admin = new AuthAdmin(store, new Passwords(new SecureRandom()), new PatSecrets(new SecureRandom()), clock);
        admin.createUser("apiuser", Optional.of(OLD_PASSWORD));
        admin.createRole("apirole");
        admin.grantRole("apirole", "apiuser");
        return admin;
    }

    private static Authenticator authenticator(AuthStore store, Clock clock) {
        return new Authenticator(store, new Passwords(new SecureRandom()), clock);
    }

    private static String tokenId(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    }

    /** The previous version's sessions say nothing of the password they were opened with: their users log in again. */
    @Test
    void aSessionOfThePreviousVersionIsRefusedAsInvalid() throws Exception {
        MovableClock clock = new MovableClock();
        try (FileAuthStore store = new FileAuthStore(work)) {
            apiUserWithApiRole(store, clock);
            Authenticator authenticator = authenticator(store, clock);
            clock.advance(Duration.ofMinutes(10));
            // The claims the previous version gave a session, signed with the store's key.
            SigningKey key = SigningKey.parse(store.current().signingKey().orElseThrow());
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("dataapi").subject("APIUSER").audience(HOST)
                    .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plus(Authenticator.SESSION_LIFETIME)))
                    .jwtID(UUID.randomUUID().toString()).claim("typ", "session").claim("role", "APIROLE").build();
            SignedJWT session = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.keyId()).build(), claims);
            session.sign(key.signer());

            assertThatThrownBy(() -> authenticator.authenticateSession(session.serialize(), HOST))
                    .isInstanceOf(AuthFailure.class).hasMessage("The session was opened by an earlier version of the server: log in again.")
                    .extracting(failure -> ((AuthFailure) failure).kind()).isEqualTo(AuthFailure.Kind.INVALID);
        }
    }

    @Test
    void aTokenAlreadyVerifiedStillExpiresAfterItsLifetime() {
        MovableClock clock = new MovableClock();
        try (FileAuthStore store = new FileAuthStore(work)) {
            String pat = apiUserWithApiRole(store, clock).addPat("apiuser", "p", "apirole", 15).secret();
            Authenticator authenticator = authenticator(store, clock);
            String token = authenticator.exchange(TokenExchange.parse(TokenExchange.GRANT_TYPE, pat, TokenExchange.SUBJECT_TOKEN_TYPE, "api.example.com")).token();

            assertThat(authenticator.authenticateHeader("Bearer " + token, "api.example.com")).isEqualTo(new Caller("APIUSER", Optional.of("APIROLE")));
            clock.advance(Authenticator.ACCESS_TOKEN_LIFETIME.minusSeconds(1));
            assertThat(authenticator.authenticateHeader("Bearer " + token, "API.example.com:443").user()).isEqualTo("APIUSER");
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> authenticator.authenticateHeader("Bearer " + token, "api.example.com"))
                    .isInstanceOf(AuthFailure.class).hasMessage("The token has expired.");
            assertThatThrownBy(() -> authenticator.authenticateHeader("Bearer " + token, "other.example.com"))
                    .isInstanceOf(AuthFailure.class).hasMessage("The token has expired.");
        }
    }
}
