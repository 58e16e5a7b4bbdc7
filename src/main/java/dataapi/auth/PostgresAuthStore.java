package dataapi.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import dataapi.config.AuthStoreConfig;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The shared store: one row in a PostgreSQL table that every server instance and admin command
 * reads and changes, under a row lock. Servers poll the row's revision to notice changes.
 */
public final class PostgresAuthStore extends RefreshingStore {
    private static final String TABLE = "dataapi_auth_state";
    /** How long a statement may wait for an answer, so that a server that stopped answering holds no read for good. */
    private static final int ANSWER_SECONDS = 10;

    private final PGSimpleDataSource connections;
    private final HikariDataSource dataSource;
    private final String description;
    /** How long opening a connection, and checking one, may take. */
    private final Duration connectWait;

    private PostgresAuthStore(AuthStoreConfig config) {
        this.description = config.toString();
        this.connectWait = config.connectWait();
        this.connections = new PGSimpleDataSource();
        connections.setURL(config.jdbcUrl().orElseThrow(() -> new IllegalArgumentException("no JDBC URL for the auth store")));
        config.jdbcUser().ifPresent(connections::setUser);
        config.jdbcPassword().ifPresent(connections::setPassword);
        connections.setConnectTimeout(seconds(connectWait));
        connections.setLoginTimeout(seconds(connectWait));
        // The driver waits this long for each answer while it connects too, which would cut a longer connection wait short.
        connections.setSocketTimeout(Math.max(ANSWER_SECONDS, seconds(connectWait)));
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(connections);
        hikari.setMaximumPoolSize(2);
        hikari.setMinimumIdle(0);
        hikari.setPoolName("auth-store");
        // The pool keeps trying to open a connection for as long as a caller waits, even one refused at once.
        hikari.setConnectionTimeout(connectWait.toMillis());
        long started = System.nanoTime();
        try {
            this.dataSource = new HikariDataSource(hikari);
        } catch (PoolInitializationException e) {
            throw unreachable(e.getCause(), started);
        }
    }

    private static int seconds(Duration duration) {
        return Math.toIntExact(duration.toSeconds());
    }

    /** Opens the store in the database {@code config} names, making its table where there is none. */
    public static AuthStore open(AuthStoreConfig config) {
        return open(config, true).orElseThrow();
    }

    /** Opens the store in the database {@code config} names if it has one; where it has none, makes nothing. */
    public static Optional<AuthStore> openExisting(AuthStoreConfig config) {
        return open(config, false);
    }

    private static Optional<AuthStore> open(AuthStoreConfig config, boolean make) {
        PostgresAuthStore store = new PostgresAuthStore(config);
        try {
            if (make) {
                store.createTable();
            } else if (!store.hasTable()) {
                store.close();
                return Optional.empty();
            }
            store.initialize();
            return Optional.of(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void createTable() {
        inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                // Serializes concurrent first starts: CREATE TABLE IF NOT EXISTS alone can race.
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + TABLE + "'))");
                statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                        + " (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL, document text NOT NULL)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " VALUES (1, 0, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, new String(AuthStateJson.write(AuthState.empty()), StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
            return null;
        });
    }

    private boolean hasTable() {
        return selectOne("SELECT to_regclass('" + TABLE + "') IS NOT NULL", row -> row.getBoolean(1));
    }

    @Override
    protected Object version() {
        return selectOne("SELECT revision FROM " + TABLE + " WHERE id = 1", row -> row.getLong(1));
    }

    private interface Value<T> {
        T of(ResultSet row) throws SQLException;
    }

    /** The value {@code value} reads from the one row {@code sql} gives. */
    private <T> T selectOne(String sql, Value<T> value) {
        return inTransaction(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return value.of(row);
            }
        });
    }

    /** A connection of its own, outside the pool, which would wait out its timeout trying to open one. */
    @Override
    protected void probe() {
        try (Connection connection = connect(connections::getConnection)) {
            if (!connection.isValid(seconds(connectWait))) {
                throw new SQLException("the connection did not pass its check");
            }
        } catch (SQLException e) {
            throw new AuthStoreException("the auth store (" + description + ") cannot be reached: " + e.getMessage(), e);
        }
    }

    private interface Connecting {
        Connection open() throws SQLException;
    }

    private Connection connect(Connecting connecting) {
        long started = System.nanoTime();
        try {
            return connecting.open();
        } catch (SQLException e) {
            throw unreachable(e, started);
        }
    }

    /**
     * Why no connection could be had since {@code startedNanos}: when the whole wait went by, that it
     * did, and how long it was, which the pool's and the driver's messages do not always say.
     */
    private AuthStoreException unreachable(Throwable cause, long startedNanos) {
        boolean waitedOut = System.nanoTime() - startedNanos >= connectWait.toNanos();
        return new AuthStoreException("the auth store (" + description + ") cannot be reached: "
                + (waitedOut ? "no connection within " + connectWait.toSeconds() + " s" : cause.getMessage()), cause);
    }

    @Override
    protected AuthState read() {
        return inTransaction(connection -> select(connection, "", json -> AuthStateJson.read(json, source())));
    }

    @Override
    protected Written write(UnaryOperator<AuthState> change) {
        return inTransaction(connection -> {
            AuthState changed = change.apply(select(connection, " FOR UPDATE", json -> AuthStateJson.readToChange(json, source())));
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET revision = ?, document = ? WHERE id = 1")) {
                update.setLong(1, changed.revision());
                update.setString(2, new String(AuthStateJson.write(changed), StandardCharsets.UTF_8));
                update.executeUpdate();
            }
            return new Written(changed, changed.revision());
        });
    }

    /** Where the document is, as a failure to read it names it. */
    private String source() {
        return "the " + TABLE + " row in " + description;
    }

    private static AuthState select(Connection connection, String lock, Function<byte[], AuthState> parse) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT document FROM " + TABLE + " WHERE id = 1" + lock)) {
            row.next();
            return parse.apply(row.getString(1).getBytes(StandardCharsets.UTF_8));
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = connect(dataSource::getConnection)) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuthStoreException("the auth store (" + description + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
