package dataapi.warehouse;

import java.sql.SQLException;

/** No connection to the warehouse could be had within the configured wait: down, or saturated. */
public final class WarehouseUnavailableException extends SQLException {
    private final boolean announced;

    public WarehouseUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private WarehouseUnavailableException(String message, Throwable cause, boolean announced) {
        super(message, cause);
        this.announced = announced;
    }

    /**
     * A refusal during a state the log has announced once (an outage, the data being generated):
     * a line for each request refused would only repeat it; the access log has them.
     */
    static WarehouseUnavailableException announced(String message) {
        return new WarehouseUnavailableException(message, null, true);
    }

    public boolean isAnnounced() {
        return announced;
    }
}
