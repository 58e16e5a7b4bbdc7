package dataapi.report;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * TPC-H's ORDERS table as the reports see it, under a configurable qualified name
 * (e.g. {@code orders} embedded, {@code SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS} on Snowflake).
 */
public final class OrdersTable {
    private static final Pattern QUALIFIED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");

    private final String qualifiedName;
    final Table<?> table;
    final Field<Long> custKey = field("o_custkey", Long.class);
    final Field<BigDecimal> totalPrice = DSL.field(DSL.unquotedName("o_totalprice"), SQLDataType.DECIMAL(15, 2));
    final Field<LocalDate> orderDate = field("o_orderdate", LocalDate.class);
    final Field<String> clerk = field("o_clerk", String.class);

    public OrdersTable(String qualifiedName) {
        requireNonNull(qualifiedName, "qualifiedName is null");
        // The name is written into SQL text, so it must be an identifier and nothing else.
        if (!QUALIFIED_NAME.matcher(qualifiedName).matches()) {
            throw new IllegalArgumentException("not a table name: " + qualifiedName);
        }
        this.qualifiedName = qualifiedName;
        this.table = DSL.table(DSL.unquotedName(qualifiedName.split("\\.")));
    }

    /** The name as it is written in SQL text. */
    public String sqlName() {
        return qualifiedName;
    }

    private static <T> Field<T> field(String name, Class<T> type) {
        return DSL.field(DSL.unquotedName(name), type);
    }
}
