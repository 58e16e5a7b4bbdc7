package dataapi.declared;

import dataapi.endpoint.Endpoint;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An endpoint whose SQL is checked against the warehouse before its first query: one declared in the
 * endpoints file, whose refusal says what to declare, or a report, whose own SQL fits only a table of
 * TPC-H's columns and types, so that its refusal names the table and the setting that chose it.
 */
public final class CheckedEndpoint {
    private final Endpoint<?> endpoint;
    /** What a report reads, with the setting that names it; empty for a declared endpoint. */
    private final Optional<String> table;

    private CheckedEndpoint(Endpoint<?> endpoint, Optional<String> table) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.table = requireNonNull(table, "table is null");
    }

    public static CheckedEndpoint declared(SqlEndpoint endpoint) {
        return new CheckedEndpoint(endpoint, Optional.empty());
    }

    /** @param table the table it reads and the setting that names it, e.g. {@code orders (--orders-table, DATAAPI_ORDERS_TABLE)} */
    public static CheckedEndpoint report(Endpoint<?> endpoint, String table) {
        return new CheckedEndpoint(endpoint, Optional.of(table));
    }

    public Endpoint<?> endpoint() {
        return endpoint;
    }

    /** Whether it is declared in the endpoints file, whose columns and parameters a refusal advises on. */
    boolean isDeclared() {
        return table.isEmpty();
    }

    /** How the start's line and the log name it, e.g. {@code report customers_top10 over table orders (--orders-table, ...)}. */
    String name() {
        return table.map(read -> "report " + endpoint.id() + " over table " + read).orElse("endpoint " + endpoint.id());
    }

    /** What the log tells the operator to correct before starting the server again. */
    String correction() {
        return isDeclared() ? "the endpoints file is corrected" : "the table is corrected";
    }
}
