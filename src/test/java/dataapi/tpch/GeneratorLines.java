package dataapi.tpch;

import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares a warehouse's ORDERS with the generator, row by row, as dbgen's text lines. */
final class GeneratorLines {
    /** One row as dbgen writes it; the same SQL on DuckDB and PostgreSQL. */
    static final String LINE = "o_orderkey || '|' || o_custkey || '|' || o_orderstatus || '|' || o_totalprice || '|'"
            + " || o_orderdate || '|' || o_orderpriority || '|' || o_clerk || '|' || o_shippriority || '|' || o_comment || '|'";

    private GeneratorLines() {
    }

    static void assertEveryRowIsTheGeneratorsLine(Connection connection, ScaleFactor scale) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + LINE + " FROM orders ORDER BY o_orderkey")) {
            long count = 0;
            for (Order order : new OrderGenerator(scale.asDouble(), 1, 1)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(order.toLine());
                count++;
            }
            assertThat(rows.next()).isFalse();
            assertThat(count).isEqualTo(scale.orderCount());
        }
    }
}
