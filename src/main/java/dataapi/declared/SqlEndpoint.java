package dataapi.declared;

import dataapi.config.CacheTtl;
import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.endpoint.SqlQuery;
import dataapi.endpoint.ValuesOrigin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An endpoint declared in an endpoints file: SQL with named parameters, served by the connector
 * family like any report, its values bound, never spliced into the text. Its parameters are the
 * values in the order of the SQL's markers, so that equal requests are equal keys of the result
 * cache, whether a value came from the request or from its default.
 */
public final class SqlEndpoint implements Endpoint<List<Object>> {
    private final String id;
    private final String title;
    private final String path;
    private final List<Parameter<?>> parameters;
    private final NamedParameters sql;
    private final List<Column> columns;
    private final Optional<CacheTtl> cacheTtl;

    SqlEndpoint(String id, String title, String path, List<Parameter<?>> parameters, NamedParameters sql, List<Column> columns,
                Optional<CacheTtl> cacheTtl) {
        this.id = requireNonNull(id, "id is null");
        this.title = requireNonNull(title, "title is null");
        this.path = requireNonNull(path, "path is null");
        this.parameters = List.copyOf(parameters);
        this.sql = requireNonNull(sql, "sql is null");
        this.columns = List.copyOf(columns);
        this.cacheTtl = requireNonNull(cacheTtl, "cacheTtl is null");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<Parameter<?>> parameters() {
        return parameters;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    /** How long its results are served from the cache, when it says so rather than keep the server's {@code --cache-ttl}. */
    public Optional<CacheTtl> cacheTtl() {
        return cacheTtl;
    }

    /** The SQL as JDBC takes it, with a {@code ?} for each named marker. */
    public String sql() {
        return sql.sql();
    }

    /** The parameter of each value the SQL takes, in the order of its markers: one used twice is there twice. */
    List<Parameter<?>> markerParameters() {
        return sql.names().stream().<Parameter<?>>map(name -> parameters.stream().filter(parameter -> parameter.name().equals(name)).findFirst().orElseThrow())
                .toList();
    }

    @Override
    public List<Object> bind(RequestValues request) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter<?> parameter : parameters) {
            values.put(parameter.name(), parameter.from(request));
        }
        List<Object> bound = new ArrayList<>(sql.names().size());
        for (String name : sql.names()) {
            bound.add(values.get(name));
        }
        return List.copyOf(bound);
    }

    @Override
    public SqlQuery connectorQuery(List<Object> values) {
        return new SqlQuery(sql.sql(), values, true);
    }

    @Override
    public ValuesOrigin valuesOrigin(RequestValues request) {
        return parameters.stream().anyMatch(parameter -> Parameter.isGiven(request.get(parameter))) ? ValuesOrigin.REQUEST : ValuesOrigin.SERVER;
    }
}
