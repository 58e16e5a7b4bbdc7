package dataapi.family;

import com.snowflake.snowpark_java.Row;
import dataapi.endpoint.Column;
import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Endpoint;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.QueryCancelledException;
import dataapi.warehouse.QueryTimeoutException;
import dataapi.warehouse.RowsReader;
import dataapi.warehouse.ValuesRefusedException;
import dataapi.warehouse.snowflake.SnowparkSessions;

import javax.sql.RowSetMetaData;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@link Family#SNOWPARK} on Snowflake: the endpoint's Snowpark for Java DataFrame, collected in a
 * pooled Snowpark session. A cancel (the client went away) cancels the session's queries; a query
 * past the statement timeout is cancelled by Snowflake, which the session logged in with.
 */
public final class SnowparkDataFrameQueries implements QueryFamily {
    /** Snowflake's error 000630: "Statement reached its statement or warehouse timeout ... and was canceled." */
    private static final int STATEMENT_TIMEOUT = 630;

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
        DataFrameEndpoint<P> frames = (DataFrameEndpoint<P>) endpoint;
        Row[] rows;
        try {
            rows = sessions.withSession(cancel, session -> frames.snowparkDataFrame().build(session, parameters).collect());
        } catch (QueryCancelledException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            if (cancel.isCancelled()) {
                throw new QueryCancelledException(e);
            }
            if (reachedTimeout(e)) {
                throw new QueryTimeoutException(sessions.statementTimeout(), e);
            }
            Optional<ValuesRefusedException> refused = ValuesRefusedException.of(e);
            if (refused.isPresent()) {
                throw refused.get();
            }
            throw e;
        }
        try (ResultSet resultSet = resultSet(rows, endpoint.columns())) {
            return reader.read(resultSet);
        }
    }

    /** Scala declares no exceptions: the driver's SQLException may arrive as is or as the cause of another. */
    private static boolean reachedTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == STATEMENT_TIMEOUT) {
                return true;
            }
        }
        return false;
    }

    /**
     * The collected rows as a result set (the JDK's in-memory one), so that the JSON is written by the
     * same code for every family. A report's answer is a few rows. Its columns are labelled as the
     * endpoint declares them: the endpoint's own code builds the DataFrame, and a row is only values.
     */
    private static ResultSet resultSet(Row[] rows, List<Column> columns) throws SQLException {
        int columnCount = columns.size();
        RowSetMetaData metaData = new RowSetMetaDataImpl();
        metaData.setColumnCount(columnCount);
        for (int column = 1; column <= columnCount; column++) {
            metaData.setColumnType(column, Types.JAVA_OBJECT);
            metaData.setColumnLabel(column, columns.get(column - 1).name());
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
