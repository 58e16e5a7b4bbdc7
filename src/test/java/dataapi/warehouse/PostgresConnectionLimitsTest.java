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

    private final String role = "dataapi_limited_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    private TestPostgres postgres;

    @BeforeEach
    void createDatabaseAndRole() throws Exception {
        postgres = new TestPostgres();
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "' CONNECTION LIMIT 3");
        }
    }

    @AfterEach
    void dropThem() throws Exception {
        postgres.close();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + TestPostgres.HOST + ":" + TestPostgres.PORT + "/postgres",
                TestPostgres.USER, TestPostgres.PASSWORD); Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + role);
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
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(DriverManager.getConnection(postgres.jdbcUrl(), role, PASSWORD));
            }
            String logged = StandardError.during(() -> PostgresConnectionLimits.check(asRole(), 3, log));
            assertThat(logged).contains("[WARN]", "PostgreSQL lets the API open 3 connections (the CONNECTION LIMIT of role " + role
                    + "), and other sessions hold 2: the pool of 3 takes the 1 left and waits for more");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
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

    private DataSource asRole() {
        return PostgresConnections.dataSource(new PostgresConfig(postgres.jdbcUrl(), role, PASSWORD), Duration.ofSeconds(5));
    }
}
