package dataapi.family;

import dataapi.endpoint.Endpoint;
import dataapi.endpoint.SqlQuery;
import dataapi.warehouse.Warehouse;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@link Family#CONNECTOR}: the endpoint's SQL text as a prepared statement, every input bound. */
public final class ConnectorQueries implements QueryFamily {
    private final Warehouse warehouse;

    public ConnectorQueries(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    @Override
    public Family family() {
        return Family.CONNECTOR;
    }

    @Override
    public <P, R> R run(Endpoint<P> endpoint, P parameters, RowsReader<R> reader) throws SQLException {
        SqlQuery query = endpoint.connectorQuery(parameters);
        try (Connection connection = warehouse.connection();
             PreparedStatement statement = connection.prepareStatement(query.sql())) {
            List<Object> values = query.bindValues();
            for (int i = 0; i < values.size(); i++) {
                bind(statement, i + 1, values.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        }
    }

    /** Dates as {@link java.sql.Date}: every driver takes that, while Snowflake's refuses {@link LocalDate}. */
    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof LocalDate date) {
            statement.setDate(index, Date.valueOf(date));
        } else {
            statement.setObject(index, value);
        }
    }
}
