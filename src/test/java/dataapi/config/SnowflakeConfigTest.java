package dataapi.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnowflakeConfigTest {
    @TempDir
    Path dir;

    private Path noToken() {
        return dir.resolve("no-such-token");
    }

    private static Map<String, String> outside() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SNOWFLAKE_ACCOUNT", "myorg-myaccount");
        environment.put("SNOWFLAKE_USER", "API_USER");
        environment.put("SNOWFLAKE_PASSWORD", "pat-secret");
        environment.put("SNOWFLAKE_WAREHOUSE", "DATA_API_WH");
        environment.put("SNOWFLAKE_DATABASE", "API");
        environment.put("SNOWFLAKE_SCHEMA", "PUBLIC");
        return environment;
    }

    private Map<String, String> insideSpcs() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SNOWFLAKE_ACCOUNT", "MYORG-MYACCOUNT");
        environment.put("SNOWFLAKE_HOST", "snowflake.us-west-2.aws.snowflakecomputing.com");
        environment.put("SNOWFLAKE_PORT", "443");
        environment.put("SNOWFLAKE_DATABASE", "API");
        environment.put("SNOWFLAKE_SCHEMA", "PUBLIC");
        environment.put("SNOWFLAKE_WAREHOUSE", "DATA_API_WH");
        return environment;
    }

    @Test
    void outsideSpcsAPasswordOrPatLogsInAsTheUserOnTheAccountsHost() throws Exception {
        SnowflakeConfig config = SnowflakeConfig.fromEnvironment(outside(), noToken());

        assertThat(config.hostAndPort()).isEqualTo("myorg-myaccount.snowflakecomputing.com:443");
        assertThat(config.credentials()).isEqualTo(new SnowflakeConfig.Password("API_USER", "pat-secret"));
        assertThat(config.connectionProperties()).containsEntry("account", "myorg-myaccount").containsEntry("user", "API_USER")
                .containsEntry("password", "pat-secret").containsEntry("warehouse", "DATA_API_WH").containsEntry("db", "API")
                .containsEntry("schema", "PUBLIC").containsEntry("CLIENT_SESSION_KEEP_ALIVE", "true").doesNotContainKey("ssl")
                // Half the login timeout, in whole seconds: the driver's own end of a refused login comes first.
                .containsEntry("loginTimeout", Long.toString(SnowflakeConfig.DEFAULT_LOGIN_TIMEOUT.toSeconds() / 2));
    }

    @Test
    void aKeyFileWithItsPassphraseIsKeyPairAuthentication() throws Exception {
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), "-----BEGIN ENCRYPTED PRIVATE KEY-----");
        Map<String, String> environment = outside();
        environment.remove("SNOWFLAKE_PASSWORD");
        environment.put("SNOWFLAKE_PRIVATE_KEY_FILE", key.toString());
        environment.put("SNOWFLAKE_PRIVATE_KEY_FILE_PWD", "passphrase");

        SnowflakeConfig config = SnowflakeConfig.fromEnvironment(environment, noToken());

        assertThat(config.credentials()).isEqualTo(new SnowflakeConfig.KeyPair("API_USER", key, Optional.of("passphrase")));
        assertThat(config.connectionProperties()).containsEntry("private_key_file", key.toString())
                .containsEntry("private_key_file_pwd", "passphrase").doesNotContainKey("password");
    }

    @Test
    void insideSpcsTheTokenFileIsReadAtEveryLogin() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "token-1\n");
        SnowflakeConfig config = SnowflakeConfig.fromEnvironment(insideSpcs(), token);

        assertThat(config.hostAndPort()).isEqualTo("snowflake.us-west-2.aws.snowflakecomputing.com:443");
        assertThat(config.connectionProperties()).containsEntry("authenticator", "oauth").containsEntry("token", "token-1")
                .containsEntry("account", "MYORG-MYACCOUNT").doesNotContainKeys("user", "password");
        Files.writeString(token, "token-2");
        assertThat(config.connectionProperties()).containsEntry("token", "token-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_WAREHOUSE", "SNOWFLAKE_PASSWORD"})
    void aMissingSettingIsNamed(String name) {
        Map<String, String> environment = outside();
        environment.remove(name);
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(environment, noToken()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(name + " is not set");
    }

    @Test
    void aBlankSettingIsAMissingOne() {
        Map<String, String> environment = outside();
        environment.put("SNOWFLAKE_USER", "  ");
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(environment, noToken())).hasMessageStartingWith("SNOWFLAKE_USER is not set");
    }

    @Test
    void insideSpcsTheHostIsRequired() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "token-1");
        Map<String, String> environment = insideSpcs();
        environment.remove("SNOWFLAKE_HOST");
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(environment, token)).hasMessageStartingWith("SNOWFLAKE_HOST is not set");
    }

    @Test
    void contradictionsAreNamed() throws Exception {
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), "key");
        Map<String, String> both = outside();
        both.put("SNOWFLAKE_PRIVATE_KEY_FILE", key.toString());
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(both, noToken()))
                .hasMessage("SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY_FILE are both set; set only one");

        Map<String, String> passphraseAlone = outside();
        passphraseAlone.put("SNOWFLAKE_PRIVATE_KEY_FILE_PWD", "passphrase");
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(passphraseAlone, noToken()))
                .hasMessage("SNOWFLAKE_PRIVATE_KEY_FILE_PWD is set without SNOWFLAKE_PRIVATE_KEY_FILE");

        Path token = Files.writeString(dir.resolve("token"), "token-1");
        Map<String, String> passwordInSpcs = insideSpcs();
        passwordInSpcs.put("SNOWFLAKE_PASSWORD", "pat-secret");
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(passwordInSpcs, token))
                .hasMessageStartingWith("SNOWFLAKE_PASSWORD is set, but inside Snowpark Container Services").hasMessageNotContaining("pat-secret");
    }

    @Test
    void wrongValuesAreNamed() {
        Map<String, String> port = outside();
        port.put("SNOWFLAKE_PORT", "http");
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(port, noToken())).hasMessageStartingWith("SNOWFLAKE_PORT must be a port number");

        Map<String, String> protocol = outside();
        protocol.put("SNOWFLAKE_PROTOCOL", "ftp");
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(protocol, noToken())).hasMessageStartingWith("SNOWFLAKE_PROTOCOL must be https or http");

        Map<String, String> keyFile = outside();
        keyFile.remove("SNOWFLAKE_PASSWORD");
        keyFile.put("SNOWFLAKE_PRIVATE_KEY_FILE", dir.resolve("missing.p8").toString());
        assertThatThrownBy(() -> SnowflakeConfig.fromEnvironment(keyFile, noToken()))
                .hasMessageStartingWith("SNOWFLAKE_PRIVATE_KEY_FILE " + dir.resolve("missing.p8") + " is not a readable file");
    }

    @Test
    void secretsAreNeverPrinted() throws Exception {
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), "key");
        SnowflakeConfig password = SnowflakeConfig.fromEnvironment(outside(), noToken());
        SnowflakeConfig keyPair = new SnowflakeConfig("a", "h", 443, "https", "w", Optional.empty(), Optional.empty(),
                new SnowflakeConfig.KeyPair("u", key, Optional.of("passphrase")), SnowflakeConfig.DEFAULT_CONNECTION_LIFETIME,
                SnowflakeConfig.DEFAULT_LOGIN_TIMEOUT);

        assertThat(password.toString()).contains("API_USER").doesNotContain("pat-secret");
        assertThat(password.describe()).contains("API_USER").doesNotContain("pat-secret");
        assertThat(keyPair.toString()).doesNotContain("passphrase");
        assertThat(keyPair.describe()).doesNotContain("passphrase");
    }
}
