package dataapi.family;

import dataapi.endpoint.Endpoint;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.RowsReader;
import dataapi.warehouse.Warehouse;

import java.sql.SQLException;

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
    public <P, R> R run(Endpoint<P> endpoint, P parameters, CancelSignal cancel, RowsReader<R> reader) throws SQLException {
        return warehouse.query(endpoint.connectorQuery(parameters), cancel, reader);
    }
}
