package dataapi.warehouse;

import dataapi.config.PostgresConfig;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.time.Duration;

/** Unpooled connections to a PostgreSQL database, with timeouts so that an unreachable server never hangs a caller. */
public final class PostgresConnections {
    /** Shown in pg_stat_activity, so that an operator can tell the API's sessions apart. */
    public static final String APPLICATION_NAME = "dataapi";
    /** A report's answer (ten or twelve rows) comes in one batch, a long one in batches of this many rows. */
    private static final int ROWS_PER_FETCH = 1000;

    /**
     * How long past the statement timeout a query's connection waits for a word from the server: the
     * cancel sent at the timeout ends a query within moments, unless the server cannot take it.
     */
    public static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private PostgresConnections() {
    }

    /**
     * Connections for the warehouse's queries: one whose server says nothing for {@link #CANCEL_WAIT} past
     * {@code statementTimeout} is given up (a frozen or cut-off host, which the cancel cannot reach), where it
     * would wait until TCP's keepalive gives up, about two hours, holding its place in the pool.
     *
     * @param connectTimeout how long opening a connection (TCP and login) may take
     */
    public static DataSource forQueries(PostgresConfig config, Duration connectTimeout, Duration statementTimeout) {
        PGSimpleDataSource dataSource = dataSource(config, connectTimeout);
        // The driver counts this timeout in whole seconds.
        dataSource.setSocketTimeout((int) statementTimeout.plus(CANCEL_WAIT).plusMillis(999).toSeconds());
        return dataSource;
    }

    /**
     * Connections without a bound on the server's silence, for work that may take long between two words
     * of the server's (a load's {@code COPY} and index builds).
     *
     * @param connectTimeout how long opening a connection (TCP and login) may take
     */
    public static PGSimpleDataSource dataSource(PostgresConfig config, Duration connectTimeout) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(config.jdbcUrl());
        if (!config.user().isEmpty()) {
            dataSource.setUser(config.user());
        }
        if (!config.password().isEmpty()) {
            dataSource.setPassword(config.password());
        }
        int seconds = (int) Math.max(1, connectTimeout.toSeconds());
        dataSource.setConnectTimeout(seconds);
        dataSource.setLoginTimeout(seconds);
        dataSource.setTcpKeepAlive(true);
        dataSource.setApplicationName(APPLICATION_NAME);
        // The pool marks its connections read-only; "always" makes PostgreSQL enforce it in autocommit too.
        dataSource.setReadOnlyMode("always");
        // Rows a batch at a time (in a transaction: Warehouse runs in one each query whose answer may be long),
        // so that a long answer is refused at its size limit rather than read whole into the heap first.
        dataSource.setDefaultRowFetchSize(ROWS_PER_FETCH);
        return dataSource;
    }
}
