package dataapi.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.snowflake.snowpark_java.Row;
import dataapi.Await;
import dataapi.TestData;
import dataapi.config.SnowflakeConfig;
import dataapi.warehouse.WarehouseUnavailableException;
import dataapi.warehouse.snowflake.SnowflakeConnections;
import dataapi.warehouse.snowflake.SnowflakeLogins;
import dataapi.warehouse.snowflake.SnowparkSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
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
    private static final String NOT_ANSWERED_LATELY = "Snowflake has not answered a login lately; next try within 2000 ms";
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
        return config(snowflake.port(), credentials, SnowflakeConfig.DEFAULT_LOGIN_TIMEOUT);
    }

    private static SnowflakeConfig config(int port, SnowflakeConfig.Credentials credentials, Duration loginTimeout) {
        return new SnowflakeConfig("dataapi_test", "127.0.0.1", port, "http", "COMPUTE_WH", Optional.empty(),
                Optional.empty(), credentials, Duration.ofMinutes(10), loginTimeout);
    }

    private static JsonNode lastLogin() {
        List<JsonNode> logins = snowflake.logins();
        return logins.get(logins.size() - 1);
    }

    @Test
    void insideSpcsEveryNewConnectionAndSessionLogsInWithTheTokenAsItIsNow() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "spcs-token-1");
        SnowflakeConfig config = config(new SnowflakeConfig.SessionToken(token));
        SnowflakeConnections connections = connections(config);

        try (Connection first = connections.getConnection()) {
            assertThat(lastLogin().path("AUTHENTICATOR").asText()).isEqualTo("OAUTH");
            assertThat(lastLogin().path("TOKEN").asText()).isEqualTo("spcs-token-1");
            Files.writeString(token, "spcs-token-2");
            try (Connection second = connections.getConnection()) {
                assertThat(lastLogin().path("TOKEN").asText()).isEqualTo("spcs-token-2");
            }
        }

        try (SnowparkSessions sessions = sessions(config, 1, Duration.ofSeconds(5))) {
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

    /**
     * A Snowflake that takes a login and never answers it. The JDBC driver's login is given up on after the login timeout,
     * where the driver waits 5 minutes, and later logins fail at once, Snowpark's too, as they share the account's logins;
     * one is tried again a timeout later. Once Snowflake answers, what the logins given up on opened is closed, and
     * logins work again.
     */
    @Test
    void aLoginNeverAnsweredIsGivenUpOnAfterTheLoginTimeoutAndWhatItOpensLateIsClosed() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "spcs-token-1");
        SnowflakeConfig config = config(snowflake.port(), new SnowflakeConfig.SessionToken(token), Duration.ofSeconds(2));
        SnowflakeLogins logins = new SnowflakeLogins(config.loginTimeout());
        SnowflakeConnections connections = new SnowflakeConnections(config, logins);
        int openBefore = snowflake.openSessions();
        snowflake.holdLogins();
        try (SnowparkSessions sessions = new SnowparkSessions(config, logins, 2, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            try {
                long start = System.nanoTime();
                assertThatThrownBy(connections::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessage("Snowflake did not answer a login within 2000 ms");
                assertThat(since(start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));

                start = System.nanoTime();
                assertThatThrownBy(connections::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessage(NOT_ANSWERED_LATELY);
                assertThatThrownBy(() -> sessions.withSession(session -> session.sql("SELECT 1").collect()))
                        .isInstanceOf(WarehouseUnavailableException.class)
                        .hasMessage("cannot open a Snowpark session: " + NOT_ANSWERED_LATELY);
                // Snowpark's own outage now refuses without asking the logins.
                assertThatThrownBy(() -> sessions.withSession(session -> session.sql("SELECT 1").collect()))
                        .isInstanceOf(WarehouseUnavailableException.class)
                        .hasMessage("no Snowpark session could be opened lately; next try within 1000 ms");
                assertThat(since(start)).isLessThan(Duration.ofSeconds(1));

                // A timeout after the first was given up on, one login is tried again, and given up on in its turn.
                Thread.sleep(2100);
                start = System.nanoTime();
                assertThatThrownBy(connections::getConnection).hasMessage("Snowflake did not answer a login within 2000 ms");
                assertThat(since(start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
            } finally {
                snowflake.answerLogins();
            }
            Thread.sleep(2100);
            Await.until(() -> opens(connections), "a connection opens once Snowflake answers");
            Await.until(() -> opens(sessions), "a Snowpark session opens once Snowflake answers");
            assertThat(snowflake.openSessions()).as("the pooled Snowpark session, and none of the logins given up on")
                    .isEqualTo(openBefore + 1);
        }
    }

    /**
     * The drivers are told the login timeout: a login refused is retried until it, and ends with the driver's own error,
     * not the caller's giving up on it. A Snowpark session that could not be opened is not tried again for a second.
     */
    @Test
    void aLoginRefusedEndsWithTheDriversErrorWithinTheLoginTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Duration loginTimeout = Duration.ofSeconds(8);
        SnowflakeConfig config = config(closedPort, new SnowflakeConfig.SessionToken(Files.writeString(dir.resolve("token"), "t")),
                loginTimeout);
        SnowflakeLogins logins = new SnowflakeLogins(config.loginTimeout());
        SnowflakeConnections connections = new SnowflakeConnections(config, logins);
        for (int attempt = 1; attempt <= 2; attempt++) {
            long start = System.nanoTime();
            assertThatThrownBy(connections::getConnection).as("attempt %d", attempt).hasMessageContaining("Connection refused");
            assertThat(since(start)).isLessThan(loginTimeout);
        }
        try (SnowparkSessions sessions = new SnowparkSessions(config, logins, 1, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sessions.withSession(session -> session.sql("SELECT 1").collect()))
                    .isInstanceOf(WarehouseUnavailableException.class).hasMessageContaining("Connection refused");
            assertThat(since(start)).isLessThan(loginTimeout);
            start = System.nanoTime();
            assertThatThrownBy(() -> sessions.withSession(session -> session.sql("SELECT 1").collect()))
                    .isInstanceOf(WarehouseUnavailableException.class)
                    .hasMessage("no Snowpark session could be opened lately; next try within 1000 ms");
            assertThat(since(start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    private static SnowflakeConnections connections(SnowflakeConfig config) {
        return new SnowflakeConnections(config, new SnowflakeLogins(config.loginTimeout()));
    }

    private static SnowparkSessions sessions(SnowflakeConfig config, int size, Duration wait) {
        return new SnowparkSessions(config, new SnowflakeLogins(config.loginTimeout()), size, wait, Duration.ofSeconds(30));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static boolean opens(SnowflakeConnections connections) {
        try (Connection connection = connections.getConnection()) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean opens(SnowparkSessions sessions) {
        try {
            return sessions.withSession(session -> session.sql("SELECT 1").collect()).length == 1;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Test
    void aTokenThatSnowflakeRefusesFailsTheLogin() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "expired");
        assertThatThrownBy(() -> connections(config(new SnowflakeConfig.SessionToken(token))).getConnection().close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Incorrect username or password");
    }

    @Test
    void keyPairAuthenticationSignsAJwtWithThePrivateKey() throws Exception {
        Path keyFile = dir.resolve("rsa_key.p8");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(keyPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        SnowflakeConfig config = config(new SnowflakeConfig.KeyPair("API_USER", keyFile, Optional.empty()));

        try (Connection connection = connections(config).getConnection()) {
            assertThat(lastLogin().path("AUTHENTICATOR").asText()).isEqualTo("SNOWFLAKE_JWT");
            assertThat(connection.isValid(5)).isTrue();
        }
        try (SnowparkSessions sessions = sessions(config, 1, Duration.ofSeconds(5))) {
            Row[] rows = sessions.withSession(session -> session.sql("SELECT 1").collect());
            assertThat(rows).hasSize(1);
            assertThat(lastLogin().path("CLIENT_APP_ID").asText()).isEqualTo("Snowpark");
        }
    }

    @Test
    void aRequestWaitsBoundedForABusySessionAndSnowparkLeavesStandardErrorAlone() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "spcs-token-busy");
        try (SnowparkSessions sessions = sessions(config(new SnowflakeConfig.SessionToken(token)), 1, Duration.ofMillis(300))) {
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
