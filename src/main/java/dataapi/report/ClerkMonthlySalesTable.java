package dataapi.report;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;

/**
 * ORDERS summed by clerk, year and month: built with ORDERS by the embedded generator, from
 * which it can be rebuilt, so it always gives the same answers as ORDERS itself.
 */
public final class ClerkMonthlySalesTable {
    public static final String NAME = "clerk_monthly_sales";
    /** Its definition over an ORDERS table named {@code orders}. */
    public static final String DEFINITION = "SELECT o_clerk, CAST(EXTRACT(YEAR FROM o_orderdate) AS INTEGER) AS year,"
            + " CAST(EXTRACT(MONTH FROM o_orderdate) AS INTEGER) AS month, SUM(o_totalprice) AS sum_totalprice"
            + " FROM orders GROUP BY o_clerk, year, month ORDER BY o_clerk, year, month";

    final Table<?> table = DSL.table(DSL.unquotedName(NAME));
    final Field<String> clerk = DSL.field(DSL.unquotedName("o_clerk"), String.class);
    final Field<Integer> year = DSL.field(DSL.unquotedName("year"), Integer.class);
    final Field<Integer> month = DSL.field(DSL.unquotedName("month"), Integer.class);
    final Field<BigDecimal> total = DSL.field(DSL.unquotedName("sum_totalprice"), SQLDataType.DECIMAL(38, 2));
}
