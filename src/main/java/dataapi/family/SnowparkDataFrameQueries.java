package dataapi.family;

import com.snowflake.snowpark_java.Row;
import dataapi.endpoint.Endpoint;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.QueryCancelledException;
import dataapi.warehouse.RowsReader;
import dataapi.warehouse.snowflake.SnowparkSessions;

import javax.sql.RowSetMetaData;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

import static java.util.Objects.requireNonNull;

/**
 * {@link Family#SNOWPARK} on Snowflake: the endpoint's Snowpark for Java DataFrame, collected in a
 * pooled Snowpark session. A cancel (the client went away) cancels the session's queries; the
 * warehouse's statement timeout, which cancels JDBC statements, does not reach Snowpark's.
 */
public final class SnowparkDataFrameQueries implements QueryFamily {
    private final SnowparkSessions sessions;

    public SnowparkDataFrameQueries(SnowparkSessions sessions) {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    @Override
    public Family family() {
        return Family.SNOWPARK;
    }

    @Override
    public <P, R> R run(Endpoint<P> endpoint, P parameters, CancelSignal cancel, RowsReader<R> reader) throws SQLException {
        Row[] rows;
        try {
            rows = sessions.withSession(session -> {
                // A session serves one request at a time, so cancelling all its queries cancels just this one.
                cancel.attach(session::cancelAll);
                try {
                    return endpoint.snowparkDataFrame().build(session, parameters).collect();
                } finally {
                    cancel.detach();
                }
            });
        } catch (SQLException | RuntimeException e) {
            if (cancel.isCancelled()) {
                throw new QueryCancelledException(e);
            }
            throw e;
        }
        try (ResultSet resultSet = resultSet(rows, endpoint.columns().size())) {
            return reader.read(resultSet);
        }
    }

    /**
     * The collected rows as a result set (the JDK's in-memory one), so that the JSON is written by the
     * same code for every family. A report's answer is a few rows.
     */
    private static ResultSet resultSet(Row[] rows, int columnCount) throws SQLException {
        RowSetMetaData metaData = new RowSetMetaDataImpl();
        metaData.setColumnCount(columnCount);
        for (int column = 1; column <= columnCount; column++) {
            metaData.setColumnType(column, Types.JAVA_OBJECT);
        }
        CachedRowSet resultSet = RowSetProvider.newFactory().createCachedRowSet();
        resultSet.setMetaData(metaData);
        for (Row row : rows) {
            if (row.size() != columnCount) {
                throw new SQLException("the DataFrame returned " + row.size() + " columns, the endpoint declares " + columnCount);
            }
            resultSet.moveToInsertRow();
            for (int column = 1; column <= columnCount; column++) {
                resultSet.updateObject(column, row.get(column - 1));
            }
            resultSet.insertRow();
        }
        resultSet.moveToCurrentRow();
        resultSet.beforeFirst();
        return resultSet;
    }
}
