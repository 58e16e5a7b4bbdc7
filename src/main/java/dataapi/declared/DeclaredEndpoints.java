package dataapi.declared;

import dataapi.endpoint.Column;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.WarehouseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The start-up check of declared endpoints against the warehouse they will run on. */
public final class DeclaredEndpoints {
    private static final Logger log = LoggerFactory.getLogger(DeclaredEndpoints.class);

    private DeclaredEndpoints() {
    }

    /**
     * Prepares each endpoint's SQL without running it: the warehouse must accept it, and it must
     * return the declared columns, by name and in order. A warehouse that cannot be reached now is
     * left unchecked, as the server starts without it and answers 503 until it can.
     *
     * @throws IllegalArgumentException naming the endpoint whose SQL the warehouse refuses or whose columns differ
     */
    public static void check(List<SqlEndpoint> endpoints, Warehouse warehouse) throws SQLException {
        if (endpoints.isEmpty()) {
            return;
        }
        try (Connection connection = warehouse.connection()) {
            for (SqlEndpoint endpoint : endpoints) {
                List<String> returned = columnLabels(connection, endpoint);
                List<String> declared = endpoint.columns().stream().map(Column::name).toList();
                if (!returned.equals(declared)) {
                    throw new IllegalArgumentException("endpoint " + endpoint.id() + ": its SQL returns the columns " + returned
                            + ", but it declares " + declared);
                }
            }
        } catch (WarehouseUnavailableException e) {
            log.warn("The declared endpoints' SQL is not checked: {}", e.getMessage());
        }
    }

    /** The SQL's result columns, in upper case as the API writes keys. */
    private static List<String> columnLabels(Connection connection, SqlEndpoint endpoint) {
        try (PreparedStatement statement = connection.prepareStatement(endpoint.sql())) {
            ResultSetMetaData columns = statement.getMetaData();
            if (columns == null) {
                throw new IllegalArgumentException("endpoint " + endpoint.id() + ": the warehouse does not say what its SQL returns");
            }
            List<String> labels = new ArrayList<>(columns.getColumnCount());
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                labels.add(columns.getColumnLabel(i).toUpperCase(Locale.ROOT));
            }
            return labels;
        } catch (SQLException e) {
            throw new IllegalArgumentException("endpoint " + endpoint.id() + ": the warehouse refused its SQL: " + e.getMessage(), e);
        }
    }
}
