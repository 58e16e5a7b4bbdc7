package dataapi.endpoint;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * SQL text with its bound values, in the order of the text's {@code ?} markers. {@code mayBeLong} when
 * nothing but the SQL bounds how many rows it answers (a declared endpoint's, where a report's are a few):
 * the warehouse then reads the rows a batch at a time, even where that costs a round trip more.
 */
public record SqlQuery(String sql, List<Object> bindValues, boolean mayBeLong) {
    public SqlQuery {
        requireNonNull(sql, "sql is null");
        bindValues = List.copyOf(bindValues);
    }

    /** A query whose answer is a few rows. */
    public SqlQuery(String sql, List<Object> bindValues) {
        this(sql, bindValues, false);
    }

    public static SqlQuery of(String sql, Object... bindValues) {
        return new SqlQuery(sql, List.of(bindValues));
    }
}
