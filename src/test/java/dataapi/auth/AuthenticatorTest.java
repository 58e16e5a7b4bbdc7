package dataapi.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the end-to-end tests cannot wait for: a token verified once still expires on time. */
class AuthenticatorTest {
    @TempDir
    Path work;

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTokenAlreadyVerifiedStillExpiresAfterItsLifetime() {
        MovableClock clock = new MovableClock();
        try (FileAuthStore store = new FileAuthStore(work)) {
            AuthAdmin admin = new AuthAdmin(store, new Passwords(new SecureRandom()), new PatSecrets(new SecureRandom()), clock);
            admin.createUser("apiuser", Optional.empty());
            admin.createRole("apirole");
            admin.grantRole("apirole", "apiuser");
            String pat = admin.addPat("apiuser", "p", "apirole", 15).secret();
            Authenticator authenticator = new Authenticator(store, new Passwords(new SecureRandom()), clock);
            String token = authenticator.exchange(TokenExchange.parse(TokenExchange.GRANT_TYPE, pat, TokenExchange.SUBJECT_TOKEN_TYPE, "api.example.com")).token();

            assertThat(authenticator.authenticateHeader("Bearer " + token, "api.example.com")).isEqualTo(new Caller("APIUSER", Optional.of("APIROLE")));
            clock.now = clock.now.plus(Authenticator.ACCESS_TOKEN_LIFETIME).minusSeconds(1);
            assertThat(authenticator.authenticateHeader("Bearer " + token, "API.example.com:443").user()).isEqualTo("APIUSER");
            clock.now = clock.now.plus(Duration.ofSeconds(1));
            assertThatThrownBy(() -> authenticator.authenticateHeader("Bearer " + token, "api.example.com"))
                    .isInstanceOf(AuthFailure.class).hasMessage("The token has expired.");
            assertThatThrownBy(() -> authenticator.authenticateHeader("Bearer " + token, "other.example.com"))
                    .isInstanceOf(AuthFailure.class).hasMessage("The token has expired.");
        }
    }
}
