package dataapi.warehouse;

import java.sql.SQLException;

/** No connection to the warehouse could be had within the configured wait: down, or saturated. */
public final class WarehouseUnavailableException extends SQLException {
    private final boolean announced;
    private final boolean dataBeingMade;

    public WarehouseUnavailableException(String message, Throwable cause) {
        this(message, cause, false, false);
    }

    private WarehouseUnavailableException(String message, Throwable cause, boolean announced, boolean dataBeingMade) {
        super(message, cause);
        this.announced = announced;
        this.dataBeingMade = dataBeingMade;
    }

    /**
     * A refusal during a state the log has announced once (an outage; see also {@link #dataBeingMade}):
     * a line for each request refused would only repeat it; the access log has them.
     */
    public static WarehouseUnavailableException announced(String message) {
        return new WarehouseUnavailableException(message, null, true, false);
    }

    /** A refusal while the embedded data is being generated, which the log announced once. */
    static WarehouseUnavailableException dataBeingMade() {
        return new WarehouseUnavailableException("its data is being generated", null, true, true);
    }

    public boolean isAnnounced() {
        return announced;
    }

    /** Whether the warehouse is there but its data is being generated: callers are told so, as it is no outage. */
    public boolean isDataBeingMade() {
        return dataBeingMade;
    }
}
