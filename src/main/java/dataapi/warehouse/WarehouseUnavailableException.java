package dataapi.warehouse;

import java.sql.SQLException;

/** No connection to the warehouse could be had within the configured wait: down, or saturated. */
public final class WarehouseUnavailableException extends SQLException {
    public WarehouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
