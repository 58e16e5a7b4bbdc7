package dataapi.warehouse;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The warehouse could not compute a query's answer for the values the request gave: a data exception,
 * such as a number out of range, text that does not convert or a division by zero, which the same
 * values meet on every run. Its message is the warehouse's, for the log; the caller is told its
 * {@link Reason}, which names no value and no SQL.
 *
 * <p>It is the request's fault only when the query ran with at least one value that the request itself
 * gave ({@link dataapi.endpoint.ValuesOrigin#REQUEST}: a declared endpoint's parameter taken from the
 * request); a query of the server's values alone (a report's checked dates and clerk numbers, a
 * declared parameter's default, an optional parameter's NULL) failed as any query does. That is
 * decided for each request that meets it (the HTTP layer), not here: identical requests share one
 * query and its failure, whichever of them gave its values.
 */
public final class ValuesRefusedException extends SQLException {
    /** What a value did, as the caller is told it. */
    public enum Reason {
        OUT_OF_RANGE("a number out of range"),
        NOT_CONVERTIBLE("a value that does not convert"),
        DIVISION_BY_ZERO("division by zero"),
        NEGATIVE_ROW_COUNT("a negative row count"),
        OTHER("a value the query cannot use");

        private final String what;

        Reason(String what) {
            this.what = what;
        }

        /** What the caller is told. */
        public String message() {
            return "The warehouse could not compute the answer for the values given: " + what + ".";
        }
    }

    private final Reason reason;

    private ValuesRefusedException(SQLException failure, Reason reason) {
        super(String.valueOf(failure.getMessage()).lines().findFirst().orElse(""), failure.getSQLState(), failure);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * {@code failure}, met as a query with values ran, as a refusal of its values when it is a data
     * exception: PostgreSQL's and Snowflake's SQLSTATE class 22, or DuckDB's error of the same kinds,
     * which it names at the start of its message as it sets no SQLSTATE. Empty for any other failure.
     */
    public static Optional<ValuesRefusedException> of(Throwable failure) {
        // Scala declares no exceptions: a failure from Snowpark may carry the driver's as its cause.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                Optional<Reason> reason = sql.getSQLState() != null ? bySqlState(sql.getSQLState())
                        : byDuckDbMessage(String.valueOf(sql.getMessage()));
                if (reason.isPresent()) {
                    return Optional.of(new ValuesRefusedException(sql, reason.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Reason> bySqlState(String state) {
        if (!state.startsWith("22")) {
            return Optional.empty();
        }
        return Optional.of(switch (state) {
            case "22003" -> Reason.OUT_OF_RANGE;
            case "22012" -> Reason.DIVISION_BY_ZERO;
            // PostgreSQL's invalid row count in LIMIT (or FETCH FIRST), and in OFFSET.
            case "2201W", "2201X" -> Reason.NEGATIVE_ROW_COUNT;
            // Text of a number, a boolean, a date or a time that is none (22018 is Snowflake's for a number).
            case "22P02", "22007", "22008", "22018" -> Reason.NOT_CONVERTIBLE;
            default -> Reason.OTHER;
        });
    }

    /**
     * DuckDB's message starts with the error's type. A row count it takes from an expression it finds
     * negative as it binds the values; a cast it refuses it says is out of range, or, when what failed to
     * convert is a column's value, names the column: that is the SQL's or the data's doing, not the values'.
     */
    private static Optional<Reason> byDuckDbMessage(String message) {
        if (message.startsWith("Binder Error: LIMIT/OFFSET cannot be negative")) {
            return Optional.of(Reason.NEGATIVE_ROW_COUNT);
        }
        String after = duckDbsOwnText(message);
        if (message.startsWith("Out of Range Error:")
                || message.startsWith("Conversion Error:") && after.contains("out of range for the destination type")) {
            return Optional.of(Reason.OUT_OF_RANGE);
        }
        if (message.startsWith("Conversion Error:")) {
            return ColumnNotConvertedException.column(message).isPresent() ? Optional.empty() : Optional.of(Reason.NOT_CONVERTIBLE);
        }
        if (message.startsWith("Invalid Input Error:")) {
            return Optional.of(Reason.OTHER);
        }
        return Optional.empty();
    }

    /** What follows the last quote of the message's first line: DuckDB's own text, which a quoted value cannot make. */
    static String duckDbsOwnText(String message) {
        String firstLine = message.lines().findFirst().orElse("");
        return firstLine.substring(Math.max(firstLine.lastIndexOf('\''), firstLine.lastIndexOf('"')) + 1);
    }
}
