package dataapi;

import dataapi.config.PostgresConfig;
import dataapi.tpch.PostgresOrdersLoader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A private database on the PostgreSQL server that {@code scripts/test} installs and starts.
 * Each instance creates a database of its own and drops it on close, so test classes never see
 * each other's data. The server is required: tests fail, never skip, without it.
 */
public final class TestPostgres implements AutoCloseable {
    public static final String HOST = env("DATAAPI_TEST_PG_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("DATAAPI_TEST_PG_PORT", "5432"));
    public static final String USER = env("DATAAPI_TEST_PG_USER", "dataapi_test");
    public static final String PASSWORD = env("DATAAPI_TEST_PG_PASSWORD", "dataapi_test");

    private final String database = "dataapi_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

    public TestPostgres() throws SQLException {
        this(true);
    }

    private TestPostgres(boolean created) throws SQLException {
        if (created) {
            create();
        }
    }

    /** A database of its own that is not there until {@link #create()}: a server pointed at it first finds its warehouse out of reach. */
    public static TestPostgres notCreatedYet() throws SQLException {
        return new TestPostgres(false);
    }

    /** Creates the database, once. */
    public void create() throws SQLException {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not reachable at " + HOST + ":" + PORT
                    + " as " + USER + ": run ./scripts/test, which installs and starts it (" + e.getMessage() + ")", e);
        }
    }

    /** Loads ORDERS at the tests' scale factor as {@code generate --warehouse postgres} does: what the reports, and their check at start, read. */
    public void loadOrders() throws Exception {
        new PostgresOrdersLoader(config(), 2, line -> { }).ensure(TestData.SCALE);
    }

    public String database() {
        return database;
    }

    public String jdbcUrl() {
        return url(database);
    }

    /** The settings that point the server at this database. */
    public PostgresConfig config() {
        return new PostgresConfig(jdbcUrl(), USER, PASSWORD);
    }

    public Connection connect() throws SQLException {
        return connect(database);
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, PASSWORD);
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
