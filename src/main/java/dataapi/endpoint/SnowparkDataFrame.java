package dataapi.endpoint;

import com.snowflake.snowpark_java.DataFrame;
import com.snowflake.snowpark_java.Session;

/**
 * A report's {@link dataapi.family.Family#SNOWPARK} query on Snowflake, as a Snowpark for Java
 * DataFrame. Reports implement it in a nested class, so that Snowpark's classes are loaded only
 * when Snowflake is the warehouse.
 *
 * @param <P> the report's validated parameters
 */
@FunctionalInterface
public interface SnowparkDataFrame<P> {
    /** The DataFrame for one request; nothing runs until it is collected. */
    DataFrame build(Session session, P parameters);
}
