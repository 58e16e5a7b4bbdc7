package dataapi.json;

/**
 * A result that does not have the shape its endpoint declares: other columns, or a value its
 * column's type would change. The declaration, or the data it was checked against, is at fault,
 * not the request; the message, for the log only, says which column.
 */
public final class ResultNotAsDeclaredException extends RuntimeException {
    public ResultNotAsDeclaredException(String message) {
        super(message);
    }
}
