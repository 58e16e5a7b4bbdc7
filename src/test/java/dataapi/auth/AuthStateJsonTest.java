package dataapi.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auth store's JSON against Jackson's data binding, which wrote and read the stores before:
 * files written either way read back as the same state both ways, so no stored user, role or PAT
 * is lost across the change.
 */
class AuthStateJsonTest {
    /**
     * The data-binding settings the stores were written with, when {@link Role} was a record of its
     * name and grants; it is now read and written as a record of its name, creation and grants.
     */
    private static final ObjectMapper DATABIND = JsonMapper.builder()
            .addMixIn(Role.class, RoleAsRecord.class)
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A P-256 private JWK, as a store keeps its signing key. */
    private static final String KEY = "{\"kty\":\"EC\",\"d\":\"G07-TWjkI5T8AoFxMqH3kVwIYwR4qDwybUbjHaKrnJw\",\"crv\":\"P-256\",\"kid\":\"test-key\",\"x\":\"6gGFa0Xy2zzh8xNW_Dhk-WQ2OokFblPfq7MaGNkT_Y8\",\"y\":\"1ZSUpHGhwTfgqyosOgG6M0lnBqeEA-yC8yvddhqLpVc\"}";

    @SuppressWarnings("unused")
    private abstract static class RoleAsRecord {
        @JsonCreator
        RoleAsRecord(@JsonProperty("name") String name, @JsonProperty("created") Optional<Instant> created,
                     @JsonProperty("grants") List<String> grants) {
        }

        @JsonProperty("name")
        abstract String name();

        @JsonProperty("created")
        abstract Optional<Instant> created();

        @JsonProperty("grants")
        abstract List<String> grants();
    }

    @Test
    void randomStatesReadBackTheSameWrittenEitherWay() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            AuthState state = randomState(random);
            assertThat(AuthStateJson.read(DATABIND.writeValueAsBytes(state), "STORE")).as("seed %d, state %d", seed, i).isEqualTo(state);
            assertThat(DATABIND.readValue(AuthStateJson.write(state), AuthState.class)).as("seed %d, state %d", seed, i).isEqualTo(state);
            assertThat(AuthStateJson.read(AuthStateJson.write(state), "STORE")).as("seed %d, state %d", seed, i).isEqualTo(state);
        }
    }

    @Test
    void membersItDoesNotKnowAreSkipped() {
        String json = "{\"revision\":3,\"signingKey\":null,\"future\":{\"nested\":[1,true,null,\"x\"]},\"users\":{"
                + "\"API_USER\":{\"name\":\"API_USER\",\"passwordHash\":null,\"passwordChanged\":\"2026-11-30T09:00:00.123456Z\","
                + "\"roles\":[\"APIROLE\"],\"mfa\":false}},\"roles\":{},\"pats\":{}}";

        AuthState state = AuthStateJson.read(json.getBytes(UTF_8), "STORE");

        assertThat(state.revision()).isEqualTo(3);
        assertThat(state.user("API_USER")).contains(new User("API_USER", Optional.empty(),
                Instant.parse("2026-11-30T09:00:00.123456Z"), List.of("APIROLE")));
    }

    /**
     * A store as the previous version wrote it, before roles recorded when they were made and before
     * sessions ended at logout were kept: all of it is kept.
     */
    @Test
    void aStoreOfThePreviousVersionLoadsWithNothingLost() {
        String json = """
                {"revision": 7, "signingKey": %s,
                 "users": {"APIUSER": {"name": "APIUSER", "passwordHash": "pbkdf2-sha256$600000$c2FsdA$aGFzaA",
                                       "passwordChanged": "2026-11-30T09:00:00.123456Z", "roles": ["APIROLE", "OTHER"]}},
                 "roles": {"APIROLE": {"name": "APIROLE", "grants": ["connector", "/snowpark/clerk/**"]},
                           "OTHER": {"name": "OTHER", "grants": []}},
                 "pats": {"p1": {"id": "p1", "user": "APIUSER", "name": "TESTER", "secretHash": "ab12", "role": "APIROLE",
                                 "created": "2026-11-30T09:01:00Z", "expires": "2026-12-15T09:01:00Z",
                                 "revoked": null, "lastUsed": "2026-12-01T10:00:00.5Z"}}}""".formatted(quoted(KEY));
        AuthState expected = new AuthState(7, Optional.of(KEY),
                Map.of("APIUSER", new User("APIUSER", Optional.of("pbkdf2-sha256$600000$c2FsdA$aGFzaA"),
                        Instant.parse("2026-11-30T09:00:00.123456Z"), List.of("APIROLE", "OTHER"))),
                Map.of("APIROLE", new Role("APIROLE", Optional.empty(), List.of("connector", "/snowpark/clerk/**")),
                        "OTHER", new Role("OTHER", Optional.empty(), List.of())),
                Map.of("p1", new Pat("p1", "APIUSER", "TESTER", "ab12", "APIROLE", Instant.parse("2026-11-30T09:01:00Z"),
                        Instant.parse("2026-12-15T09:01:00Z"), Optional.empty(), Optional.of(Instant.parse("2026-12-01T10:00:00.5Z")))),
                Map.of());

        AuthState state = AuthStateJson.read(json.getBytes(UTF_8), "STORE");

        assertThat(state).isEqualTo(expected);
        assertThat(AuthStateJson.read(AuthStateJson.write(state), "STORE")).as("written again").isEqualTo(expected);
    }

    @Test
    void aDamagedStoreIsRefusedNamingWhereAndWhatIsWrong() {
        assertThatThrownBy(() -> AuthStateJson.read("{\"revision\":1,\"signingKey\":null,\"users\":{},\"roles\":{}}".getBytes(UTF_8), "STORE"))
                .isInstanceOf(AuthStoreException.class).hasMessage("cannot read STORE: the auth state has no pats");
        assertThatThrownBy(() -> AuthStateJson.read(("{\"revision\":1,\"users\":{\"A\":{\"name\":\"A\",\"passwordChanged\":\"yesterday\","
                + "\"roles\":[]}},\"roles\":{},\"pats\":{}}").getBytes(UTF_8), "STORE"))
                .isInstanceOf(AuthStoreException.class).hasMessage("cannot read STORE: users A's passwordChanged is not an ISO-8601 instant");
        assertThatThrownBy(() -> AuthStateJson.read(("{\"revision\":1,\"users\":{},\"roles\":{},\"pats\":{},"
                + "\"endedSessions\":{\"x\":\"soon\"}}").getBytes(UTF_8), "STORE"))
                .isInstanceOf(AuthStoreException.class).hasMessage("cannot read STORE: endedSessions's x is not an ISO-8601 instant");
        assertThatThrownBy(() -> AuthStateJson.read(("{\"revision\":1,\"signingKey\":\"garbage\",\"users\":{},\"roles\":{},"
                + "\"pats\":{}}").getBytes(UTF_8), "STORE"))
                .isInstanceOf(AuthStoreException.class)
                .hasMessage("cannot read STORE: the stored signing key is not a valid P-256 JWK");
    }

    /**
     * Not JSON: where, on the same line (Jackson's own message puts it on a second), and nothing of what was read, which
     * Jackson's message quotes ("Unrecognized token 'pbkdf2...'"): a file cut short in a hash, say.
     */
    @Test
    void aStoreThatIsNotJsonIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> AuthStateJson.read("{\"revision\":1,\n \"users\":{\"A\":{\"passwordHash\":\"pbkdf2".getBytes(UTF_8), "STORE"))
                .isInstanceOf(AuthStoreException.class).hasMessage("cannot read STORE: the JSON ends early at line 2, column 38")
                .hasNoCause();
        assertThatThrownBy(() -> AuthStateJson.read("{\n  secret json}".getBytes(UTF_8), "STORE"))
                .isInstanceOf(AuthStoreException.class).hasMessage("cannot read STORE: not JSON at line 2, column 3")
                .hasNoCause();
    }

    /** {@code text} as a JSON string. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static AuthState randomState(Random random) {
        Map<String, User> users = new TreeMap<>();
        Map<String, Role> roles = new TreeMap<>();
        Map<String, Pat> pats = new TreeMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            Role role = new Role(text(random), optional(random, instant(random)), strings(random));
            roles.put(role.name(), role);
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            User user = new User(text(random), optional(random, text(random)), instant(random), strings(random));
            users.put(user.name(), user);
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            Pat pat = new Pat(text(random), text(random), text(random), text(random), text(random), instant(random), instant(random),
                    optional(random, instant(random)), optional(random, instant(random)));
            pats.put(pat.id(), pat);
        }
        Map<String, Instant> endedSessions = new TreeMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            endedSessions.put(text(random), instant(random));
        }
        return new AuthState(random.nextLong(), optional(random, KEY), users, roles, pats, endedSessions);
    }

    private static <T> Optional<T> optional(Random random, T value) {
        return random.nextBoolean() ? Optional.of(value) : Optional.empty();
    }

    /** Times with and without fractions of a second, as stores hold them. */
    private static Instant instant(Random random) {
        Instant second = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(200_000_000));
        return switch (random.nextInt(3)) {
            case 0 -> second;
            case 1 -> second.plusMillis(random.nextInt(1000));
            default -> second.plusNanos(random.nextInt(1_000_000_000));
        };
    }

    private static List<String> strings(Random random) {
        List<String> strings = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            strings.add(text(random));
        }
        return strings;
    }

    /** Names, hashes and keys, with the characters JSON must escape among them. */
    private static String text(Random random) {
        String alphabet = "ABCxyz09_-/*\"\\\n\t é€\u0001";
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
