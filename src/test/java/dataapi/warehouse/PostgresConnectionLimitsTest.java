package dataapi.warehouse;

import dataapi.DataApi;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.PostgresConfig;
import dataapi.config.ServerConfig;
import dataapi.config.WarehouseKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool's size against the connections PostgreSQL allows, checked at start on a real server. */
class PostgresConnectionLimitsTest {
    private static final Logger log = LoggerFactory.getLogger(PostgresConnectionLimitsTest.class);
    private static final String PASSWORD = "limited";

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    private final String role = "dataapi_limited_" + suffix;
    /** Another role, no superuser either: its sessions show to the first without their backend_type. */
    private final String other = "dataapi_other_" + suffix;
    private TestPostgres postgres;

    @BeforeEach
    void createDatabaseAndRole() throws Exception {
        postgres = new TestPostgres();
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "' CONNECTION LIMIT 3");
            statement.execute("CREATE ROLE " + other + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    @AfterEach
    void dropThem() throws Exception {
        postgres.close();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + TestPostgres.HOST + ":" + TestPostgres.PORT + "/postgres",
                TestPostgres.USER, TestPostgres.PASSWORD); Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + role);
            statement.execute("DROP ROLE IF EXISTS " + other);
        }
    }

    @Test
    void aPoolLargerThanItsRolesLimitIsRefusedNamingIt() throws Exception {
        assertThatThrownBy(() -> PostgresConnectionLimits.check(asRole(), 4, log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("--pool-size 4 is more than the 3 connections PostgreSQL lets the API open (the CONNECTION LIMIT of role " + role
                        + "): the pool keeps every connection open, and would take them all; lower --pool-size, or raise that limit");
        assertThat(StandardError.during(() -> PostgresConnectionLimits.check(asRole(), 3, log))).isEmpty();
    }

    @Test
    void aPoolLargerThanItsDatabasesLimitIsRefusedNamingIt() throws Exception {
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE " + role + " CONNECTION LIMIT -1");
            statement.execute("ALTER DATABASE " + postgres.database() + " CONNECTION LIMIT 2");
        }
        assertThatThrownBy(() -> PostgresConnectionLimits.check(asRole(), 3, log))
                .hasMessageContaining("than the 2 connections PostgreSQL lets the API open (the CONNECTION LIMIT of database " + postgres.database() + ")");
    }

    /** Connections other sessions hold now may be given back: the pool is not refused, and the log says what it will lack. */
    @Test
    void aPoolLargerThanWhatOtherSessionsLeaveIsAWarning() throws Exception {
        try (Sessions ignored = new Sessions(role, 2)) {
            String logged = StandardError.during(() -> PostgresConnectionLimits.check(asRole(), 3, log));
            assertThat(logged).contains("[WARN]", "PostgreSQL lets the API open 3 connections (the CONNECTION LIMIT of role " + role
                    + "), and other sessions hold 2: the pool of 3 takes the 1 left and waits for more");
        }
    }

    /** Another role's sessions count too, though a role without pg_read_all_stats is not told what they are. */
    @Test
    void anotherRolesSessionsCountAgainstTheDatabasesLimit() throws Exception {
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE " + role + " CONNECTION LIMIT -1");
            statement.execute("ALTER DATABASE " + postgres.database() + " CONNECTION LIMIT 5");
        }
        try (Sessions ignored = new Sessions(other, 2)) {
            String logged = StandardError.during(() -> PostgresConnectionLimits.check(asRole(), 4, log));
            assertThat(logged).contains("[WARN]", "PostgreSQL lets the API open 5 connections (the CONNECTION LIMIT of database "
                    + postgres.database() + "), and other sessions hold 2: the pool of 4 takes the 3 left and waits for more");
        }
    }

    /** A superuser is held to max_connections alone; the start stops before its pool opens a connection. */
    @Test
    void aServerStartWithAPoolPastMaxConnectionsStops() throws Exception {
        int maxConnections;
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SHOW max_connections")) {
            row.next();
            maxConnections = Integer.parseInt(row.getString(1));
        }
        ServerConfig base = TestData.serverConfig();
        ServerConfig config = new ServerConfig(base.host(), 0, base.metricsPort(), base.embedded(), maxConnections + 1, base.poolWait(), base.cache(),
                WarehouseKind.POSTGRES, "orders", Optional.of(postgres.config()), Optional.empty(), base.limits(), base.access(), List.of());
        assertThatThrownBy(() -> DataApi.start(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("--pool-size " + (maxConnections + 1) + " is more than the " + maxConnections
                        + " connections PostgreSQL lets the API open (max_connections " + maxConnections + ")");
    }

    /** Sessions of {@code user} held open on the test's database. */
    private final class Sessions implements AutoCloseable {
        private final List<Connection> open = new ArrayList<>();

        Sessions(String user, int count) throws Exception {
            for (int i = 0; i < count; i++) {
                open.add(DriverManager.getConnection(postgres.jdbcUrl(), user, PASSWORD));
            }
        }

        @Override
        public void close() throws Exception {
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    private DataSource asRole() {
        return PostgresConnections.dataSource(new PostgresConfig(postgres.jdbcUrl(), role, PASSWORD), Duration.ofSeconds(5));
    }
}
