package dataapi.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.snowflake.snowpark_java.Row;
import dataapi.TestData;
import dataapi.config.SnowflakeConfig;
import dataapi.warehouse.WarehouseUnavailableException;
import dataapi.warehouse.snowflake.SnowflakeConnections;
import dataapi.warehouse.snowflake.SnowparkSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the service logs in to Snowflake, seen from the Snowflake side of the protocol. */
class SnowflakeLoginTest {
    private static KeyPair keyPair;
    private static SnowflakeDouble snowflake;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keyPair = generator.generateKeyPair();
        snowflake = new SnowflakeDouble(TestData.database(), login -> switch (login.path("AUTHENTICATOR").asText()) {
            case "OAUTH" -> login.path("TOKEN").asText().startsWith("spcs-token-");
            case "SNOWFLAKE_JWT" -> signedBy(login.path("TOKEN").asText(), keyPair.getPublic());
            default -> false;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        snowflake.close();
    }

    /** An RS256 JSON web token whose signature the public key verifies, for the account's user. */
    private static boolean signedBy(String jwt, PublicKey key) {
        try {
            String[] parts = jwt.split("\\.");
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(UTF_8));
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2])) && claims.path("sub").asText().equals("DATAAPI_TEST.API_USER");
        } catch (Exception e) {
            return false;
        }
    }

    private SnowflakeConfig config(SnowflakeConfig.Credentials credentials) {
        return new SnowflakeConfig("dataapi_test", "127.0.0.1", snowflake.port(), "http", "COMPUTE_WH", Optional.empty(),
                Optional.empty(), credentials, Duration.ofMinutes(10));
    }

    private static JsonNode lastLogin() {
        List<JsonNode> logins = snowflake.logins();
        return logins.get(logins.size() - 1);
    }

    @Test
    void insideSpcsEveryNewConnectionAndSessionLogsInWithTheTokenAsItIsNow() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "spcs-token-1");
        SnowflakeConfig config = config(new SnowflakeConfig.SessionToken(token));
        SnowflakeConnections connections = new SnowflakeConnections(config);

        try (Connection first = connections.getConnection()) {
            assertThat(lastLogin().path("AUTHENTICATOR").asText()).isEqualTo("OAUTH");
            assertThat(lastLogin().path("TOKEN").asText()).isEqualTo("spcs-token-1");
            Files.writeString(token, "spcs-token-2");
            try (Connection second = connections.getConnection()) {
                assertThat(lastLogin().path("TOKEN").asText()).isEqualTo("spcs-token-2");
            }
        }

        try (SnowparkSessions sessions = new SnowparkSessions(config, 1, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            sessions.withSession(session -> session.sql("SELECT 1").collect());
            assertThat(lastLogin().path("CLIENT_APP_ID").asText()).isEqualTo("Snowpark");
            assertThat(lastLogin().path("TOKEN").asText()).isEqualTo("spcs-token-2");
            Files.writeString(token, "spcs-token-3");
            // A session that failed is not reused: the next request logs in anew, with the rotated token.
            assertThatThrownBy(() -> sessions.withSession(session -> {
                throw new SQLException("the query failed");
            })).hasMessage("the query failed");
            sessions.withSession(session -> session.sql("SELECT 1").collect());
            assertThat(lastLogin().path("TOKEN").asText()).isEqualTo("spcs-token-3");
        }
    }

    @Test
    void aTokenThatSnowflakeRefusesFailsTheLogin() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "expired");
        assertThatThrownBy(() -> new SnowflakeConnections(config(new SnowflakeConfig.SessionToken(token))).getConnection().close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Incorrect username or password");
    }

    @Test
    void keyPairAuthenticationSignsAJwtWithThePrivateKey() throws Exception {
        Path keyFile = dir.resolve("rsa_key.p8");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(keyPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        SnowflakeConfig config = config(new SnowflakeConfig.KeyPair("API_USER", keyFile, Optional.empty()));

        try (Connection connection = new SnowflakeConnections(config).getConnection()) {
            assertThat(lastLogin().path("AUTHENTICATOR").asText()).isEqualTo("SNOWFLAKE_JWT");
            assertThat(connection.isValid(5)).isTrue();
        }
        try (SnowparkSessions sessions = new SnowparkSessions(config, 1, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            Row[] rows = sessions.withSession(session -> session.sql("SELECT 1").collect());
            assertThat(rows).hasSize(1);
            assertThat(lastLogin().path("CLIENT_APP_ID").asText()).isEqualTo("Snowpark");
        }
    }

    @Test
    void aRequestWaitsBoundedForABusySessionAndSnowparkLeavesStandardErrorAlone() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "spcs-token-busy");
        try (SnowparkSessions sessions = new SnowparkSessions(config(new SnowflakeConfig.SessionToken(token)), 1, Duration.ofMillis(300), Duration.ofSeconds(30))) {
            assertThat(System.err).isNotSameAs(System.out);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> busy = CompletableFuture.supplyAsync(() -> {
                try {
                    return sessions.withSession(session -> {
                        holding.countDown();
                        try {
                            return release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new SQLException(e);
                        }
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            assertThatThrownBy(() -> sessions.withSession(session -> null)).isInstanceOf(WarehouseUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            release.countDown();
            busy.get(30, TimeUnit.SECONDS);
        }
    }
}
