package dataapi;

import dataapi.endpoint.Column;
import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.endpoint.SnowparkDataFrame;
import dataapi.endpoint.SqlQuery;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;

import java.util.List;

/**
 * A test-only report whose query takes as long as asked: {@code GET /slow?work=N} runs {@code sql}
 * with N bound, e.g. {@code pg_sleep(?)} on PostgreSQL or a large cross join on DuckDB. The SQL
 * text carries {@link #MARKER}, so that a test can find it in the warehouse's own activity view.
 */
public final class SlowQuery implements DataFrameEndpoint<Integer> {
    public static final String MARKER = "dataapi-slow-query";
    private static final Parameter<Integer> WORK = Parameter.query("work", "integer", "1", "How much work.", Integer::valueOf);

    private final String sql;

    /** @param sql one {@code SELECT} of one integer column labelled {@code n}, with one {@code ?} for the amount of work */
    public SlowQuery(String sql) {
        this.sql = "/* " + MARKER + " */ " + sql;
    }

    /** Sleeps the given number of seconds in PostgreSQL. */
    public static SlowQuery postgres() {
        return new SlowQuery("SELECT 1 AS n FROM pg_sleep(?)");
    }

    /** Busies DuckDB for a long time: a cross join of the given number of millions of rows with a thousand. */
    public static SlowQuery duckDb() {
        return new SlowQuery("SELECT count(*) AS n FROM range(CAST(? AS BIGINT) * 1000000) a, range(1000) b WHERE (a.range + b.range) % 7 = 3");
    }

    @Override
    public String id() {
        return "slow";
    }

    @Override
    public String title() {
        return "Slow query";
    }

    @Override
    public String path() {
        return "/slow";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(WORK);
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("N", Column.Type.INTEGER));
    }

    @Override
    public Integer bind(RequestValues request) {
        return WORK.from(request);
    }

    @Override
    public SqlQuery connectorQuery(Integer work) {
        return SqlQuery.of(sql, work);
    }

    @Override
    public ResultQuery<?> snowparkQuery(DSLContext dsl, Integer work) {
        return dsl.resultQuery(sql, work);
    }

    @Override
    public SnowparkDataFrame<Integer> snowparkDataFrame() {
        return (session, work) -> session.sql(sql, work);
    }
}
