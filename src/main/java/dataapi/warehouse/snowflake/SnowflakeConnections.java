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
 */
public final class SnowflakeConnections extends UnpooledDataSource {
    private final SnowflakeConfig config;
    private final SnowflakeDriver driver = new SnowflakeDriver();

    public SnowflakeConnections(SnowflakeConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = new Properties();
        try {
            properties.putAll(config.connectionProperties());
        } catch (IOException e) {
            throw new SQLException("cannot read the Snowflake credentials: " + e.getMessage(), e);
        }
        return driver.connect("jdbc:snowflake://" + config.hostAndPort(), properties);
    }
}
