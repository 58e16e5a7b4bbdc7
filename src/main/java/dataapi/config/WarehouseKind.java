package dataapi.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which warehouse the reports run on, as named by {@code --warehouse}; each names its ORDERS table unless told otherwise. */
public enum WarehouseKind {
    /** The embedded DuckDB file of generated TPC-H data. */
    DUCKDB("orders"),
    /** A PostgreSQL database reached over JDBC. */
    POSTGRES("orders"),
    /** Snowflake, through its JDBC driver and Snowpark for Java. */
    SNOWFLAKE("SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS");

    private final String defaultOrdersTable;

    WarehouseKind(String defaultOrdersTable) {
        this.defaultOrdersTable = defaultOrdersTable;
    }

    /** The qualified name of TPC-H's ORDERS table on this kind of warehouse, unless configured. */
    public String defaultOrdersTable() {
        return defaultOrdersTable;
    }

    /** Connections worth pooling: the embedded DuckDB's by its threads and memory; a remote warehouse works while we wait. */
    public int defaultPoolSize(EmbeddedConfig embedded) {
        return this == DUCKDB ? embedded.connectionsWorthPooling() : 8;
    }

    /** The name used on the command line, e.g. {@code duckdb}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name; the message of a wrong one lists every kind. */
    public static WarehouseKind parse(String label) {
        for (WarehouseKind kind : values()) {
            if (kind.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not a warehouse; choose one of "
                + Arrays.stream(values()).map(WarehouseKind::label).collect(Collectors.joining(", ")));
    }
}
