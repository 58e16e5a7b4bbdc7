package dataapi.family;

import dataapi.endpoint.Endpoint;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.RowsReader;

import java.sql.SQLException;

/** Runs an endpoint's query the way one {@link Family} builds it, and hands the rows to a reader. */
public interface QueryFamily {
    Family family();

    /** Whether this family can run {@code endpoint}'s query; the server routes it only where one can. */
    default boolean serves(Endpoint<?> endpoint) {
        return family().serves(endpoint);
    }

    /** Runs the query; triggering {@code cancel} stops it in the warehouse. */
    <P, R> R run(Endpoint<P> endpoint, P parameters, CancelSignal cancel, RowsReader<R> reader) throws SQLException;

    /**
     * Does at start-up what the endpoint's first query would otherwise pay for on a request's time,
     * without running it; by default nothing.
     */
    default void prepare(Endpoint<?> endpoint) {
    }
}
