package dataapi.warehouse.snowflake;

import dataapi.config.SnowflakeConfig;
import dataapi.warehouse.UnpooledDataSource;
import net.snowflake.client.jdbc.SnowflakeDriver;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * New connections to Snowflake through its JDBC driver, each logging in with credentials read at
 * that moment: inside SPCS the session token file is re-read, so a rotated token is always used.
 * Each login is bounded by {@link SnowflakeLogins}, which Snowpark's sessions share, not by the
 * pool's wait, which the pool sets as this source's login timeout: a login is not a wait for a
 * connection.
 */
public final class SnowflakeConnections extends UnpooledDataSource {
    private final SnowflakeConfig config;
    private final SnowflakeDriver driver = new SnowflakeDriver();
    private final SnowflakeLogins logins;

    public SnowflakeConnections(SnowflakeConfig config, SnowflakeLogins logins) {
        this.config = requireNonNull(config, "config is null");
        this.logins = requireNonNull(logins, "logins is null");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = new Properties();
        try {
            properties.putAll(config.connectionProperties());
        } catch (IOException e) {
            throw new SQLException("cannot read the Snowflake credentials: " + e.getMessage(), e);
        }
        return logins.logIn(() -> driver.connect("jdbc:snowflake://" + config.hostAndPort(), properties), Connection::close);
    }
}
