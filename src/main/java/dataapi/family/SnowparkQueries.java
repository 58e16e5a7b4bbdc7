package dataapi.family;

import dataapi.endpoint.Endpoint;
import dataapi.warehouse.Warehouse;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * {@link Family#SNOWPARK} off Snowflake: the endpoint's query built with jOOQ's DSL, a
 * DataFrame-style API (table, filter, group, aggregate, sort, limit), rendered for the warehouse's
 * dialect with every value bound.
 */
public final class SnowparkQueries implements QueryFamily {
    static {
        // jOOQ prints a banner and tips on first use unless told not to; server logs are no place for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final Warehouse warehouse;
    private final Settings settings = new Settings().withExecuteLogging(false);

    public SnowparkQueries(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    @Override
    public Family family() {
        return Family.SNOWPARK;
    }

    @Override
    public <P, R> R run(Endpoint<P> endpoint, P parameters, RowsReader<R> reader) throws SQLException {
        try (Connection connection = warehouse.connection()) {
            DSLContext dsl = DSL.using(connection, warehouse.dialect(), settings);
            try (ResultSet rows = endpoint.snowparkQuery(dsl, parameters).fetchResultSet()) {
                return reader.read(rows);
            }
        } catch (DataAccessException e) {
            // jOOQ wraps the driver's exception; callers handle warehouse failures as SQLException.
            throw e.getCause() instanceof SQLException cause ? cause : new SQLException(e.getMessage(), e);
        }
    }
}
