package dataapi.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * How to reach Snowflake, read from the environment as the quickstart reads it, inside Snowpark
 * Container Services (SPCS) or outside. Only settings: nothing here loads the Snowflake driver.
 *
 * @param account the account identifier, e.g. {@code myorg-myaccount}
 * @param host the host to connect to
 * @param port the port to connect to
 * @param protocol {@code https}, or {@code http} for a local stand-in of Snowflake
 * @param warehouse the virtual warehouse that runs the queries
 * @param database the session's database, if set
 * @param schema the session's schema, if set
 * @param credentials how the service logs in
 * @param connectionLifetime how long a pooled connection or Snowpark session is kept; shorter than
 *         an SPCS session token lives, so a rotated token is picked up
 * @param loginTimeout how long a login may take, by either client, before Snowflake is taken as out of reach
 */
public record SnowflakeConfig(String account, String host, int port, String protocol, String warehouse,
                              Optional<String> database, Optional<String> schema, Credentials credentials,
                              Duration connectionLifetime, Duration loginTimeout) {
    /** Where SPCS mounts the service's OAuth token; its presence means "running inside SPCS". */
    public static final Path SPCS_TOKEN_FILE = Path.of("/snowflake/session/token");
    /** SPCS refreshes its token every few minutes and each is valid for a while longer. */
    public static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofMinutes(10);
    /**
     * A login takes a second or two; the drivers' own bound is 5 minutes, during which a request, a
     * readiness check or the start would wait on a Snowflake out of reach.
     */
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(20);

    public SnowflakeConfig {
        requireNonNull(account, "account is null");
        requireNonNull(host, "host is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(database, "database is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(connectionLifetime, "connectionLifetime is null");
        requireNonNull(loginTimeout, "loginTimeout is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        if (!protocol.equals("https") && !protocol.equals("http")) {
            throw new IllegalArgumentException("protocol must be https or http, got " + protocol);
        }
        if (connectionLifetime.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("connection lifetime must be at least 30s, got " + connectionLifetime);
        }
        if (loginTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("login timeout must be at least 1s, got " + loginTimeout);
        }
    }

    /** How the service proves who it is. Never printed: {@code toString} hides secrets. */
    public sealed interface Credentials permits Password, KeyPair, SessionToken {
        /** Adds the driver's login properties, reading any file now so that a rotated one is seen. */
        void addTo(Map<String, String> properties) throws IOException;

        /** Who logs in, for logs: never a secret. */
        String describe();
    }

    /** A user's password, or a programmatic access token (PAT) used as the password. */
    public record Password(String user, String password) implements Credentials {
        public Password {
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public void addTo(Map<String, String> properties) {
            properties.put("user", user);
            properties.put("password", password);
        }

        @Override
        public String describe() {
            return "user " + user;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Key-pair authentication with a PKCS#8 private key file, encrypted with a passphrase or not. */
    public record KeyPair(String user, Path privateKeyFile, Optional<String> passphrase) implements Credentials {
        public KeyPair {
            requireNonNull(user, "user is null");
            requireNonNull(privateKeyFile, "privateKeyFile is null");
            requireNonNull(passphrase, "passphrase is null");
        }

        @Override
        public void addTo(Map<String, String> properties) {
            properties.put("user", user);
            properties.put("private_key_file", privateKeyFile.toString());
            passphrase.ifPresent(secret -> properties.put("private_key_file_pwd", secret));
        }

        @Override
        public String describe() {
            return "user " + user + " with the key in " + privateKeyFile;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Inside SPCS: OAuth with the token SPCS keeps fresh in a file; it rotates, so it is read per login. */
    public record SessionToken(Path tokenFile) implements Credentials {
        public SessionToken {
            requireNonNull(tokenFile, "tokenFile is null");
        }

        @Override
        public void addTo(Map<String, String> properties) throws IOException {
            properties.put("authenticator", "oauth");
            properties.put("token", Files.readString(tokenFile, UTF_8).trim());
        }

        @Override
        public String describe() {
            return "the SPCS session token in " + tokenFile;
        }
    }

    /**
     * The settings in {@code environment}; inside SPCS when {@code spcsTokenFile} exists.
     *
     * @throws IllegalArgumentException naming the one setting that is missing, wrong or contradicts another
     */
    public static SnowflakeConfig fromEnvironment(Map<String, String> environment, Path spcsTokenFile) {
        Settings settings = new Settings(environment);
        String warehouse = settings.required("SNOWFLAKE_WAREHOUSE", "the virtual warehouse that runs the queries");
        String account = settings.required("SNOWFLAKE_ACCOUNT", "the account identifier, e.g. myorg-myaccount");
        Optional<String> database = settings.optional("SNOWFLAKE_DATABASE");
        Optional<String> schema = settings.optional("SNOWFLAKE_SCHEMA");
        String protocol = settings.optional("SNOWFLAKE_PROTOCOL").orElse("https");
        if (!protocol.equals("https") && !protocol.equals("http")) {
            throw new IllegalArgumentException("SNOWFLAKE_PROTOCOL must be https or http, got '" + protocol + "'");
        }
        int port = settings.optional("SNOWFLAKE_PORT").map(SnowflakeConfig::port).orElse(protocol.equals("https") ? 443 : 80);
        if (Files.exists(spcsTokenFile)) {
            for (String outsideOnly : new String[] {"SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY_FILE", "SNOWFLAKE_PRIVATE_KEY_FILE_PWD"}) {
                if (settings.optional(outsideOnly).isPresent()) {
                    throw new IllegalArgumentException(outsideOnly + " is set, but inside Snowpark Container Services the service logs in with "
                            + spcsTokenFile + "; unset " + outsideOnly);
                }
            }
            if (!Files.isReadable(spcsTokenFile)) {
                throw new IllegalArgumentException(spcsTokenFile + " exists but cannot be read");
            }
            String host = settings.required("SNOWFLAKE_HOST", "the Snowflake host, which Snowpark Container Services sets");
            return new SnowflakeConfig(account, host, port, protocol, warehouse, database, schema,
                    new SessionToken(spcsTokenFile), DEFAULT_CONNECTION_LIFETIME, DEFAULT_LOGIN_TIMEOUT);
        }
        String host = settings.optional("SNOWFLAKE_HOST").orElse(account + ".snowflakecomputing.com");
        String user = settings.required("SNOWFLAKE_USER", "the user the service logs in as");
        return new SnowflakeConfig(account, host, port, protocol, warehouse, database, schema,
                credentials(settings, user), DEFAULT_CONNECTION_LIFETIME, DEFAULT_LOGIN_TIMEOUT);
    }

    private static Credentials credentials(Settings settings, String user) {
        Optional<String> password = settings.optional("SNOWFLAKE_PASSWORD");
        Optional<String> keyFile = settings.optional("SNOWFLAKE_PRIVATE_KEY_FILE");
        Optional<String> passphrase = settings.optional("SNOWFLAKE_PRIVATE_KEY_FILE_PWD");
        if (password.isPresent() && keyFile.isPresent()) {
            throw new IllegalArgumentException("SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY_FILE are both set; set only one");
        }
        if (passphrase.isPresent() && keyFile.isEmpty()) {
            throw new IllegalArgumentException("SNOWFLAKE_PRIVATE_KEY_FILE_PWD is set without SNOWFLAKE_PRIVATE_KEY_FILE");
        }
        if (password.isPresent()) {
            return new Password(user, password.get());
        }
        if (keyFile.isEmpty()) {
            throw new IllegalArgumentException("SNOWFLAKE_PASSWORD is not set; set it to the user's password or a programmatic access token, "
                    + "or set SNOWFLAKE_PRIVATE_KEY_FILE for key-pair authentication");
        }
        Path file = Path.of(keyFile.get());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("SNOWFLAKE_PRIVATE_KEY_FILE " + file + " is not a readable file");
        }
        return new KeyPair(user, file, passphrase);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("SNOWFLAKE_PORT must be a port number (1 to 65535), got '" + value + "'");
    }

    /**
     * The driver's connection properties, with fresh credentials: the same for a JDBC connection and
     * a Snowpark session. Session parameters ride along: keep the session alive while pooled, and
     * answer in JSON so that no Arrow memory access is needed on Java 17.
     */
    public Map<String, String> connectionProperties() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("account", account);
        credentials.addTo(properties);
        properties.put("warehouse", warehouse);
        database.ifPresent(name -> properties.put("db", name));
        schema.ifPresent(name -> properties.put("schema", name));
        if (protocol.equals("http")) {
            properties.put("ssl", "off");
        }
        properties.put("CLIENT_SESSION_KEEP_ALIVE", "true");
        properties.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        // The driver ends its retries of a refused login after this many seconds, overrunning it by up to a second: half
        // the timeout, so that a refused login ends with the driver's own error, not with the caller's giving up on it
        // (SnowflakeLogins, which bounds a login never answered).
        properties.put("loginTimeout", Long.toString(Math.max(1, loginTimeout.toSeconds() / 2)));
        return properties;
    }

    /** {@code host:port}, as the JDBC URL and Snowpark's {@code URL} setting take it. */
    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Where the data is, for logs: never a credential. */
    public String describe() {
        return "Snowflake account " + account + " at " + protocol + "://" + hostAndPort() + ", warehouse " + warehouse
                + ", as " + credentials.describe();
    }

    /** The environment, with a blank value taken as unset. */
    private record Settings(Map<String, String> environment) {
        Optional<String> optional(String name) {
            return Optional.ofNullable(environment.get(name)).map(String::trim).filter(value -> !value.isEmpty());
        }

        String required(String name, String meaning) {
            return optional(name).orElseThrow(() -> new IllegalArgumentException(name + " is not set; it is " + meaning));
        }
    }
}
