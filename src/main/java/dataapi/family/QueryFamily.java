package dataapi.family;

import dataapi.endpoint.Endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Runs an endpoint's query the way one {@link Family} builds it, and hands the rows to a reader. */
public interface QueryFamily {
    Family family();

    <P, R> R run(Endpoint<P> endpoint, P parameters, RowsReader<R> reader) throws SQLException;

    @FunctionalInterface
    interface RowsReader<R> {
        R read(ResultSet rows) throws SQLException;
    }
}
