package dataapi.family;

import dataapi.endpoint.Endpoint;
import dataapi.endpoint.SqlQuery;
import dataapi.warehouse.Warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
                statement.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        }
    }
}
