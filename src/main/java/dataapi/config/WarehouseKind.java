package dataapi.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which warehouse the reports run on, as named by {@code --warehouse}. */
public enum WarehouseKind {
    /** The embedded DuckDB file of generated TPC-H data. */
    DUCKDB,
    /** A PostgreSQL database reached over JDBC. */
    POSTGRES;

    /**
     * Connections worth pooling: DuckDB's queries run in this process and use every core, so more
     * connections than cores only make them take turns; a remote warehouse works while we wait.
     */
    public int defaultPoolSize() {
        return this == DUCKDB ? Runtime.getRuntime().availableProcessors() : 8;
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
