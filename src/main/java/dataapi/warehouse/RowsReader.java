package dataapi.warehouse;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns a query's rows into what the caller wants, while the statement is open. */
@FunctionalInterface
public interface RowsReader<R> {
    R read(ResultSet rows) throws SQLException;
}
