package dataapi.warehouse;

import java.sql.SQLException;

/** The query was cancelled at the asker's request (its client went away). */
public final class QueryCancelledException extends SQLException {
    public QueryCancelledException(Throwable cause) {
        super("the query was cancelled: its caller went away", cause);
    }
}
