package dataapi.report;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;

/**
 * ORDERS summed by clerk, year and month: built with ORDERS by the embedded generator, from
 * which it can be rebuilt, so it always gives the same answers as ORDERS itself.
 *
 * <p>Rows are stored in order of the clerk's number, a column of its own: DuckDB's zone maps keep
 * only a short prefix of text, the same {@code Clerk#00} for every clerk, so a filter on the name
 * alone reads the whole table, and one on the number reads one row group.
 */
public final class ClerkMonthlySalesTable {
    public static final String NAME = "clerk_monthly_sales";
    /** Its definition over an ORDERS table named {@code orders}, whose clerks are named {@code Clerk#} and a number. */
    public static final String DEFINITION = "SELECT CAST(substr(o_clerk, 7) AS BIGINT) AS clerk_number, o_clerk,"
            + " CAST(EXTRACT(YEAR FROM o_orderdate) AS INTEGER) AS year,"
            + " CAST(EXTRACT(MONTH FROM o_orderdate) AS INTEGER) AS month, SUM(o_totalprice) AS sum_totalprice"
            + " FROM orders GROUP BY o_clerk, year, month ORDER BY clerk_number, year, month";

    final Table<?> table = DSL.table(DSL.unquotedName(NAME));
    final Field<Long> clerkNumber = DSL.field(DSL.unquotedName("clerk_number"), Long.class);
    final Field<String> clerk = DSL.field(DSL.unquotedName("o_clerk"), String.class);
    final Field<Integer> year = DSL.field(DSL.unquotedName("year"), Integer.class);
    final Field<Integer> month = DSL.field(DSL.unquotedName("month"), Integer.class);
    final Field<BigDecimal> total = DSL.field(DSL.unquotedName("sum_totalprice"), SQLDataType.DECIMAL(38, 2));
}
