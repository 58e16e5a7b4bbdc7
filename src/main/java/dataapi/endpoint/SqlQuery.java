package dataapi.endpoint;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** SQL text with its bound values, in the order of the text's {@code ?} markers. */
public record SqlQuery(String sql, List<Object> bindValues) {
    public SqlQuery {
        requireNonNull(sql, "sql is null");
        bindValues = List.copyOf(bindValues);
    }

    public static SqlQuery of(String sql, Object... bindValues) {
        return new SqlQuery(sql, List.of(bindValues));
    }
}
