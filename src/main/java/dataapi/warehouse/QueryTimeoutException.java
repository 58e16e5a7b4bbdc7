package dataapi.warehouse;

import java.sql.SQLException;
import java.time.Duration;

/** A query ran past the statement timeout and was cancelled in the warehouse. */
public final class QueryTimeoutException extends SQLException {
    public QueryTimeoutException(Duration timeout, Throwable cause) {
        super("the query ran past the statement timeout of " + timeout.toMillis() + " ms and was cancelled", cause);
    }
}
