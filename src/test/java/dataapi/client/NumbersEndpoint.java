package dataapi.client;

import dataapi.declared.EndpointsFile;
import dataapi.declared.SqlEndpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A declared endpoint whose one row holds numbers whose text a client reading them as numbers would change: doubles
 * whose shortest digits are in exponent notation, a negative zero, a decimal with a trailing zero. Each is written into
 * the SQL as the literal the server is to write back, and the answer as the clients are to show it is made from the
 * same literals.
 */
final class NumbersEndpoint {
    static final String PATH = "/connector/numbers";
    private static final List<Column> COLUMNS = List.of(
            new Column("BIG", "1.0E23", "DOUBLE", "double"),
            new Column("TINY", "4.9E-324", "DOUBLE", "double"),
            new Column("NEGATIVE_ZERO", "-0.0", "DOUBLE", "double"),
            new Column("PRICE", "-1234567890123456.50", "DECIMAL(18,2)", "decimal"));

    private record Column(String name, String literal, String sqlType, String declared) {
    }

    private NumbersEndpoint() {
    }

    /** The endpoint, declared in a file in {@code dir}. */
    static List<SqlEndpoint> declared(Path dir) throws IOException {
        String sql = COLUMNS.stream().map(column -> "CAST('" + column.literal() + "' AS " + column.sqlType() + ") AS " + column.name())
                .collect(Collectors.joining(", ", "SELECT ", ""));
        String columns = COLUMNS.stream().map(column -> "{\"name\": \"" + column.name() + "\", \"type\": \"" + column.declared() + "\"}")
                .collect(Collectors.joining(", "));
        return EndpointsFile.read(Files.writeString(dir.resolve("numbers.json"), """
                {"endpoints": [{"id": "numbers", "title": "Numbers", "path": "/numbers", "parameters": [], "sql": "%s", "columns": [%s]}]}"""
                .formatted(sql, columns)));
    }

    /** The answer as the server sends it. */
    static String json() {
        return COLUMNS.stream().map(column -> "\"" + column.name() + "\":" + column.literal()).collect(Collectors.joining(",", "[{", "}]"));
    }

    /** The answer indented by 2, as Python's json.dumps(..., indent=2) prints it. */
    static String indented() {
        return COLUMNS.stream().map(column -> "    \"" + column.name() + "\": " + column.literal())
                .collect(Collectors.joining(",\n", "[\n  {\n", "\n  }\n]"));
    }

    /** The row's cells as text. */
    static List<String> cells() {
        return COLUMNS.stream().map(Column::literal).toList();
    }
}
