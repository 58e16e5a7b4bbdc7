package dataapi.family;

import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.SqlQuery;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.RowsReader;
import dataapi.warehouse.Warehouse;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * {@link Family#SNOWPARK} off Snowflake: the endpoint's query built with jOOQ's DSL, a
 * DataFrame-style API (table, filter, group, aggregate, sort, limit), rendered for the warehouse's
 * dialect with every value bound. The warehouse runs the rendered statement, so both families get
 * the same timeout and cancellation.
 */
public final class SnowparkQueries implements QueryFamily {
    static {
        // jOOQ prints a banner and tips on first use unless told not to; server logs are no place for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final Warehouse warehouse;
    private final DSLContext dsl;

    public SnowparkQueries(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.dsl = DSL.using(warehouse.dialect(), new Settings().withExecuteLogging(false));
    }

    @Override
    public Family family() {
        return Family.SNOWPARK;
    }

    /** Builds the endpoint's query once: the first use of jOOQ loads and links a few hundred classes (about 0.3 s). */
    @Override
    public void prepare(Endpoint<?> endpoint) {
        render((DataFrameEndpoint<?>) endpoint);
    }

    private <P> void render(DataFrameEndpoint<P> endpoint) {
        endpoint.snowparkQuery(dsl, endpoint.exampleParameters()).getSQL();
    }

    @Override
    public <P, R> R run(Endpoint<P> endpoint, P parameters, CancelSignal cancel, RowsReader<R> reader) throws SQLException {
        ResultQuery<?> query = ((DataFrameEndpoint<P>) endpoint).snowparkQuery(dsl, parameters);
        return warehouse.query(new SqlQuery(query.getSQL(), query.getBindValues()), cancel, reader);
    }
}
