package dataapi.auth;

import dataapi.TestPostgres;
import dataapi.config.AuthStoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store written by a later dataapi, with a member this one does not know: this one serves from
 * it, but changes nothing in it, in a file or in PostgreSQL, so that the member is not lost.
 */
class StoreFormatTest {
    private static final User NEW_USER = new User("NEWUSER", Optional.empty(), Instant.EPOCH, List.of());

    @TempDir
    Path work;

    /** A store in format {@code format}, with a signing key, a user and a member no format so far has. */
    private static String storeOfFormat(int format) {
        AuthState state = AuthState.empty().withSigningKey(SigningKey.generate())
                .withUser(new User("APIUSER", Optional.empty(), Instant.EPOCH, List.of("APIROLE")));
        String written = new String(AuthStateJson.write(state), UTF_8);
        String formatMember = "\"format\" : " + AuthStateJson.FORMAT + ",";
        assertThat(written).contains(formatMember);
        return written.replace(formatMember, "\"format\" : " + format + ", \"passkeys\" : {\"APIUSER\" : [\"k1\"]},");
    }

    @Test
    void storesOfThisFormatAndFromBeforeFormatsAreChangedAsEver() {
        String current = storeOfFormat(AuthStateJson.FORMAT);
        String beforeFormats = current.replaceFirst("\"format\" : \\d+, ", "");
        assertThat(beforeFormats).doesNotContain("\"format\"");
        for (String json : List.of(current, beforeFormats)) {
            assertThat(AuthStateJson.readToChange(json.getBytes(UTF_8), "STORE").user("APIUSER")).isPresent();
        }
    }

    @Test
    void aFileStoreOfALaterFormatIsReadButNotChanged() throws Exception {
        Path file = work.resolve("auth.json");
        byte[] later = storeOfFormat(AuthStateJson.FORMAT + 1).getBytes(UTF_8);
        Files.write(file, later);
        try (FileAuthStore store = new FileAuthStore(work)) {
            assertThat(store.current().user("APIUSER")).isPresent();
            assertThatThrownBy(() -> store.update(state -> state.withUser(NEW_USER)))
                    .isInstanceOf(AuthStoreException.class)
                    .hasMessageContaining("written by a later dataapi, in format " + (AuthStateJson.FORMAT + 1));
            assertThat(store.current().user("NEWUSER")).isEmpty();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(later);
    }

    @Test
    void aPostgresStoreOfALaterFormatIsReadButNotChanged() throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            AuthStoreConfig config = new AuthStoreConfig(work, Optional.of(postgres.jdbcUrl()), Optional.of(TestPostgres.USER),
                    Optional.of(TestPostgres.PASSWORD));
            String later = storeOfFormat(AuthStateJson.FORMAT + 1);
            try (AuthStore store = PostgresAuthStore.open(config)) {
                store.update(state -> state);
                try (Connection connection = postgres.connect();
                     PreparedStatement update = connection.prepareStatement("UPDATE dataapi_auth_state SET revision = 4, document = ? WHERE id = 1")) {
                    update.setString(1, later);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
            }
            try (AuthStore store = PostgresAuthStore.open(config)) {
                assertThat(store.current().user("APIUSER")).isPresent();
                assertThatThrownBy(() -> store.update(state -> state.withUser(NEW_USER)))
                        .isInstanceOf(AuthStoreException.class)
                        .hasMessageContaining("written by a later dataapi");
            }
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT revision, document FROM dataapi_auth_state WHERE id = 1")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getLong(1)).isEqualTo(4);
                assertThat(row.getString(2)).isEqualTo(later);
            }
        }
    }
}
