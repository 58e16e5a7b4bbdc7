package dataapi.family;

import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Endpoint;

/**
 * The two ways every report is queried. Both return the same rows, so both produce the same bytes.
 */
public enum Family {
    /** Hand-written SQL text with bound parameters over plain JDBC (the quickstart's Snowflake Connector). */
    CONNECTOR("connector"),
    /** A DataFrame-style query built with a typed API (the quickstart's Snowpark; jOOQ's DSL off Snowflake). */
    SNOWPARK("snowpark");

    private final String pathSegment;

    Family(String pathSegment) {
        this.pathSegment = pathSegment;
    }

    public String pathSegment() {
        return pathSegment;
    }

    /** Whether the family has a query for {@code endpoint}: the connector runs any endpoint's SQL, Snowpark a DataFrame's alone. */
    public boolean serves(Endpoint<?> endpoint) {
        return this == CONNECTOR || endpoint instanceof DataFrameEndpoint;
    }
}
