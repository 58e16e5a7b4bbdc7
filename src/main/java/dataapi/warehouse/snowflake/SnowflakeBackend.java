package dataapi.warehouse.snowflake;

import dataapi.config.SnowflakeConfig;
import dataapi.family.Backend;
import dataapi.family.ConnectorQueries;
import dataapi.family.SnowparkDataFrameQueries;
import dataapi.warehouse.Warehouse;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/** Snowflake for serving: the JDBC driver through the pool for the connector, Snowpark sessions for Snowpark. */
public final class SnowflakeBackend {
    private static final Logger log = LoggerFactory.getLogger(SnowflakeBackend.class);

    static {
        // The driver logs through java.util.logging unless told otherwise; the server's log is SLF4J.
        if (System.getProperty("net.snowflake.jdbc.loggerImpl") == null) {
            System.setProperty("net.snowflake.jdbc.loggerImpl", "net.snowflake.client.log.SLF4JLogger");
        }
    }

    private SnowflakeBackend() {
    }

    /**
     * Logs in once with each client and runs a first query, so that wrong settings stop start-up
     * rather than fail the first request.
     *
     * @param poolSize the most JDBC connections, and the most Snowpark sessions, open at once
     * @param poolWait how long a request waits for either before it gets 503
     * @param statementTimeout how long a query may run before it is cancelled: by the server for the
     *                         connector, by Snowflake for Snowpark's DataFrames
     */
    public static Backend open(SnowflakeConfig config, int poolSize, Duration poolWait, Duration statementTimeout) throws Exception {
        // A login that gets no answer is waited for, with nothing in the log meanwhile.
        log.info("Logging in to {}; an account that does not answer stops the start within {} s", config.describe(),
                config.loginTimeout().toSeconds());
        // jOOQ's open-source edition has no Snowflake dialect; on Snowflake the DataFrame family is Snowpark's own.
        SnowflakeLogins logins = new SnowflakeLogins(config.loginTimeout());
        Warehouse warehouse = new Warehouse(config.describe(), SQLDialect.DEFAULT, new SnowflakeConnections(config, logins),
                poolSize, poolWait, statementTimeout, config.connectionLifetime());
        SnowparkSessions sessions = new SnowparkSessions(config, logins, poolSize, poolWait, statementTimeout);
        Backend backend = new Backend(config.describe(), warehouse,
                List.of(new ConnectorQueries(warehouse), new SnowparkDataFrameQueries(sessions)), List.of(sessions, warehouse));
        try {
            // A first DataFrame takes seconds (Scala reflection, session parameters): pay for it here, not in a request.
            sessions.withSession(session -> session.sql("SELECT 1").collect());
            return backend;
        } catch (Exception e) {
            backend.close();
            throw e;
        }
    }
}
