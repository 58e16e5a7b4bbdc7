package dataapi.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** The kinds of warehouse the server can publish; each names its ORDERS table unless told otherwise. */
public enum WarehouseKind {
    /** The embedded DuckDB filled with generated TPC-H data. */
    DUCKDB("duckdb", "orders"),
    /** Snowflake, through its JDBC driver and Snowpark for Java. */
    SNOWFLAKE("snowflake", "SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS");

    private final String cliName;
    private final String defaultOrdersTable;

    WarehouseKind(String cliName, String defaultOrdersTable) {
        this.cliName = cliName;
        this.defaultOrdersTable = defaultOrdersTable;
    }

    /** The name used on the command line and in {@code DATAAPI_WAREHOUSE}. */
    public String cliName() {
        return cliName;
    }

    /** The qualified name of TPC-H's ORDERS table on this kind of warehouse, unless configured. */
    public String defaultOrdersTable() {
        return defaultOrdersTable;
    }

    public static WarehouseKind parse(String name) {
        requireNonNull(name, "name is null");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a warehouse; choose one of " + names()));
    }

    /** Every kind's name, for help and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(WarehouseKind::cliName).collect(Collectors.joining(", "));
    }
}
