package dataapi.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dataapi.config.AuthStoreConfig;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;

/**
 * The shared store: one row in a PostgreSQL table that every server instance and admin command
 * reads and changes, under a row lock. Servers poll the row's revision to notice changes.
 */
public final class PostgresAuthStore extends RefreshingStore {
    private static final String TABLE = "dataapi_auth_state";

    private final HikariDataSource dataSource;
    private final String description;

    public PostgresAuthStore(AuthStoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl().orElseThrow(() -> new IllegalArgumentException("no JDBC URL for the auth store")));
        config.jdbcUser().ifPresent(hikari::setUsername);
        config.jdbcPassword().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(2);
        hikari.setMinimumIdle(0);
        hikari.setPoolName("auth-store");
        hikari.setConnectionTimeout(5_000);
        this.description = config.toString();
        this.dataSource = new HikariDataSource(hikari);
        try {
            createTable();
            initialize();
        } catch (RuntimeException e) {
            dataSource.close();
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

    @Override
    protected Object version() {
        return inTransaction(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT revision FROM " + TABLE + " WHERE id = 1")) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    @Override
    protected AuthState read() {
        return inTransaction(connection -> select(connection, ""));
    }

    @Override
    protected AuthState write(UnaryOperator<AuthState> change) {
        return inTransaction(connection -> {
            AuthState changed = change.apply(select(connection, " FOR UPDATE"));
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET revision = ?, document = ? WHERE id = 1")) {
                update.setLong(1, changed.revision());
                update.setString(2, new String(AuthStateJson.write(changed), StandardCharsets.UTF_8));
                update.executeUpdate();
            }
            return changed;
        });
    }

    private static AuthState select(Connection connection, String lock) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT document FROM " + TABLE + " WHERE id = 1" + lock)) {
            row.next();
            return AuthStateJson.read(row.getString(1).getBytes(StandardCharsets.UTF_8));
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
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
