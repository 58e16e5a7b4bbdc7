package dataapi.endpoint;

import org.jooq.DSLContext;
import org.jooq.ResultQuery;

/**
 * An endpoint published under every {@link dataapi.family.Family}: besides its SQL, the same query
 * built with a DataFrame API, with byte-identical answers.
 *
 * @param <P> the validated, typed parameters of one request
 */
public interface DataFrameEndpoint<P> extends Endpoint<P> {
    /** The {@link dataapi.family.Family#SNOWPARK} query, built with a DataFrame-style API. */
    ResultQuery<?> snowparkQuery(DSLContext dsl, P parameters);

    /** The {@link dataapi.family.Family#SNOWPARK} query on Snowflake: the same query as a Snowpark for Java DataFrame. */
    SnowparkDataFrame<P> snowparkDataFrame();
}
