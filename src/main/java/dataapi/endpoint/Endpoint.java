package dataapi.endpoint;

import java.util.List;
import java.util.Optional;

/**
 * An endpoint: defined once, with everything the server derives from it (the routes, validation, the
 * API description, the test page's forms). Every endpoint has SQL, which the
 * {@link dataapi.family.Family#CONNECTOR} family runs; a {@link DataFrameEndpoint} also has the
 * DataFrame query of the {@link dataapi.family.Family#SNOWPARK} family.
 *
 * @param <P> the validated, typed parameters of one request
 */
public interface Endpoint<P> {
    /**
     * What the access log and the metrics name a request no route matched, in place of an
     * endpoint's id: no endpoint may have it.
     */
    String UNMATCHED = "unmatched";

    /** A stable identifier, e.g. {@code customers_top10}. */
    String id();

    /** A title for people, e.g. "Top 10 Customers". */
    String title();

    /** The path below the family prefix, with {@code {name}} for path parameters. */
    String path();

    List<Parameter<?>> parameters();

    /** The result's columns, in order; each query of the endpoint returns exactly these. */
    List<Column> columns();

    /** Reads and validates every parameter, or throws {@link BadRequestException}. */
    P bind(RequestValues request);

    /** The parameters of a request that carries every parameter's example, as the documentation shows it. */
    default P exampleParameters() {
        return bind(Parameter::example);
    }

    /** The {@link dataapi.family.Family#CONNECTOR} query: SQL text, every input bound. */
    SqlQuery connectorQuery(P parameters);

    /**
     * Whose values the query of {@code request} runs with, in every family. A report's are the server's:
     * it checked the request's text and made SQL values of it, so that a value the warehouse refuses is
     * the server's or the data's doing.
     */
    default ValuesOrigin valuesOrigin(RequestValues request) {
        return ValuesOrigin.SERVER;
    }

    /**
     * Which of its ways the query of {@code parameters} is computed, named for an operator, where the
     * endpoint chooses among more than one (in Java, so that the name is exactly the way that runs);
     * empty where it has one way.
     */
    default Optional<String> plan(P parameters) {
        return Optional.empty();
    }
}
