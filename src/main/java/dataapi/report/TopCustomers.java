package dataapi.report;

import com.snowflake.snowpark_java.DataFrame;
import com.snowflake.snowpark_java.Session;
import dataapi.endpoint.BadRequestException;
import dataapi.endpoint.Column;
import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Inputs;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.endpoint.SnowparkDataFrame;
import dataapi.endpoint.SqlQuery;
import dataapi.report.CustomerKeyRanges.KeyRange;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SelectHavingStep;
import org.jooq.SelectLimitPercentStep;
import org.jooq.SelectOrderByStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static com.snowflake.snowpark_java.Functions.col;
import static com.snowflake.snowpark_java.Functions.lit;
import static com.snowflake.snowpark_java.Functions.sum;
import static java.util.Objects.requireNonNull;

/** {@code /customers/top10}: the ten customers with the highest order total in a date range. */
public final class TopCustomers implements DataFrameEndpoint<TopCustomers.DateRange> {
    private static final String ID = "customers_top10";
    private static final String PATH = "/customers/top10";
    private static final String INVALID_DATES = "Invalid start and/or end dates.";
    private static final String START_AFTER_END = "start_range must not be after end_range.";
    /** How many customers the answer has. */
    private static final int COUNT = 10;

    static final Parameter<LocalDate> START = Parameter.query("start_range", "date", "1995-01-01",
            "First order date included, YYYY-MM-DD.", raw -> Inputs.date(raw, INVALID_DATES))
            .withErrors(INVALID_DATES, START_AFTER_END);
    static final Parameter<LocalDate> END = Parameter.query("end_range", "date", "1995-03-31",
            "Last order date included, YYYY-MM-DD.", raw -> Inputs.date(raw, INVALID_DATES))
            .withErrors(INVALID_DATES, START_AFTER_END);

    /** The date range's top 10 from ORDERS or a table derived from it; a second %s narrows the rows it sums. */
    private static final String TOP10 = """
            SELECT o_custkey, SUM(o_totalprice) AS sum_totalprice
            FROM %s
            WHERE o_orderdate BETWEEN ? AND ?%s
            GROUP BY o_custkey
            ORDER BY sum_totalprice DESC, o_custkey
            LIMIT %d""";

    /** The ways a top 10 is summed, each named as an answer's Server-Timing says which ran. */
    private enum Plan {
        /** A first pass over the leaders of {@value OrdersWindowTotalsTable#NAME}, then the orders at its tenth-best total or more. */
        WINDOW_TOTALS("window totals"),
        /** Every order of the range, in one table of its customers. */
        ORDERS("orders"),
        /** The top 10 of each range of customer keys' top 10, from ORDERS. */
        KEY_RANGES("customer key ranges"),
        /** The same from {@value OrdersByCustomerTable#NAME}, which the key ranges read once in all. */
        KEY_RANGES_BY_CUSTOMER("customer key ranges of orders by customer");

        private final String description;

        Plan(String description) {
            this.description = description;
        }
    }

    /** Both bounds inclusive. */
    public record DateRange(LocalDate start, LocalDate end) {
        public DateRange {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
        }
    }

    private final OrdersTable orders;
    private final Optional<OrdersWindowTotalsTable> windowTotals;
    private final Optional<CustomerKeyRanges> keyRanges;
    private final Optional<OrdersByCustomerTable> byCustomer;

    public TopCustomers(TpchTables tables) {
        requireNonNull(tables, "tables is null");
        this.orders = tables.orders();
        this.windowTotals = tables.ordersWindowTotals();
        this.keyRanges = tables.customerKeyRanges();
        this.byCustomer = tables.ordersByCustomer();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Top 10 Customers";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(START, END);
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("O_CUSTKEY", Column.Type.INTEGER).from(orders.custKey.getName()),
                new Column("SUM_TOTALPRICE", Column.Type.MONEY).from("the sum of " + orders.totalPrice.getName()));
    }

    @Override
    public DateRange bind(RequestValues request) {
        LocalDate start = START.from(request);
        LocalDate end = END.from(request);
        if (start.isAfter(end)) {
            throw new BadRequestException(START_AFTER_END);
        }
        return new DateRange(start, end);
    }

    /** The plan where the tables give the top 10 a choice: on the embedded data. */
    @Override
    public Optional<String> plan(DateRange range) {
        return windowTotals.isEmpty() && keyRanges.isEmpty() ? Optional.empty() : Optional.of(planOf(range).description);
    }

    /**
     * The window totals where they answer the range exactly and faster than ORDERS. Such a range needs no
     * key ranges: each pass sums few customers (at scale factor 10 at most 17,000 in the second, at the
     * edges of the data, where windows are cut short; bench/RESULTS.md). Else key ranges where the range's
     * customers need more than one, read from the orders by customer where that is less work.
     */
    private Plan planOf(DateRange range) {
        if (windowTotals.filter(totals -> totals.serves(range.start(), range.end())).isPresent()) {
            return Plan.WINDOW_TOTALS;
        }
        int parts = keyRangesOf(range).size();
        if (parts <= 1) {
            return Plan.ORDERS;
        }
        return byCustomer.filter(table -> table.serves(range.start(), range.end(), parts)).isPresent()
                ? Plan.KEY_RANGES_BY_CUSTOMER : Plan.KEY_RANGES;
    }

    @Override
    public SqlQuery connectorQuery(DateRange range) {
        Plan plan = planOf(range);
        if (plan == Plan.WINDOW_TOTALS) {
            String firstPass = TOP10.formatted(OrdersWindowTotalsTable.LEADERS_NAME, "", COUNT);
            String tenthBest = "SELECT CAST(CASE WHEN count(*) = " + COUNT + " THEN min(sum_totalprice) ELSE 0 END AS "
                    + OrdersWindowTotalsTable.WINDOW_TOTAL_TYPE + ") FROM (\n" + firstPass + ")";
            return SqlQuery.of(TOP10.formatted(OrdersWindowTotalsTable.NAME, " AND window_total >= (\n" + tenthBest + ")", COUNT),
                    range.start(), range.end(), range.start(), range.end());
        }
        if (plan == Plan.ORDERS) {
            return SqlQuery.of(TOP10.formatted(orders.sqlName(), "", COUNT), range.start(), range.end());
        }
        List<KeyRange> parts = keyRangesOf(range);
        String table = plan == Plan.KEY_RANGES_BY_CUSTOMER ? OrdersByCustomerTable.NAME : orders.sqlName();
        String partTop10 = "(" + TOP10.formatted(table, " AND o_custkey BETWEEN ? AND ?", COUNT) + ")";
        List<Object> bindValues = new ArrayList<>();
        for (KeyRange part : parts) {
            bindValues.addAll(List.of(range.start(), range.end(), part.first(), part.last()));
        }
        return new SqlQuery("""
                SELECT o_custkey, sum_totalprice FROM (
                %s
                )
                ORDER BY sum_totalprice DESC, o_custkey
                LIMIT %d""".formatted(String.join("\nUNION ALL\n", Collections.nCopies(parts.size(), partTop10)), COUNT), bindValues);
    }

    @Override
    public ResultQuery<?> snowparkQuery(DSLContext dsl, DateRange range) {
        Field<BigDecimal> total = DSL.sum(orders.totalPrice).as("sum_totalprice");
        Condition inRange = orders.orderDate.between(range.start(), range.end());
        Plan plan = planOf(range);
        if (plan == Plan.WINDOW_TOTALS) {
            OrdersWindowTotalsTable totals = windowTotals.orElseThrow();
            Table<Record2<Long, BigDecimal>> firstPass = top10(sumByCustomer(dsl, totals.leaders, total, inRange), total, orders.custKey)
                    .asTable("first_pass");
            Field<BigDecimal> firstPassTotal = firstPass.field(total);
            Field<BigDecimal> tenthBest = DSL.field(dsl.select(DSL.when(DSL.count().eq(COUNT), DSL.min(firstPassTotal))
                    .otherwise(BigDecimal.ZERO).cast(totals.windowTotal.getDataType())).from(firstPass));
            return top10(sumByCustomer(dsl, totals.table, total, inRange.and(totals.windowTotal.ge(tenthBest))), total, orders.custKey);
        }
        if (plan == Plan.ORDERS) {
            return top10(sumByCustomer(dsl, orders.table, total, inRange), total, orders.custKey);
        }
        Table<?> table = plan == Plan.KEY_RANGES_BY_CUSTOMER ? byCustomer.orElseThrow().table : orders.table;
        Table<Record2<Long, BigDecimal>> partTops = keyRangesOf(range).stream()
                .<Select<Record2<Long, BigDecimal>>>map(part -> top10(sumByCustomer(dsl, table, total,
                        inRange.and(orders.custKey.between(part.first(), part.last()))), total, orders.custKey))
                .reduce(Select::unionAll)
                .orElseThrow()
                .asTable("part_tops");
        Field<Long> custKey = partTops.field(orders.custKey);
        Field<BigDecimal> partTotal = partTops.field(total);
        return top10(dsl.select(custKey, partTotal).from(partTops), partTotal, custKey);
    }

    /** Each customer's total of the rows of {@code table} that meet {@code condition}: ORDERS, or a table derived from it with its column names. */
    private SelectHavingStep<Record2<Long, BigDecimal>> sumByCustomer(DSLContext dsl, Table<?> table, Field<BigDecimal> total,
                                                                       Condition condition) {
        return dsl.select(orders.custKey, total).from(table).where(condition).groupBy(orders.custKey);
    }

    private static <R extends Record> SelectLimitPercentStep<R> top10(SelectOrderByStep<R> select, Field<BigDecimal> total, Field<Long> custKey) {
        return select.orderBy(total.desc(), custKey.asc()).limit(COUNT);
    }

    /** The ranges of customer keys the embedded data sums the date range by, one at a time; none elsewhere. */
    private List<KeyRange> keyRangesOf(DateRange range) {
        return keyRanges.map(ranges -> ranges.covering(range.start(), range.end())).orElse(List.of());
    }

    @Override
    public SnowparkDataFrame<DateRange> snowparkDataFrame() {
        return new OnSnowpark(orders);
    }

    /** The quickstart's snowpark.py in Snowpark for Java: table, filter, group by, aggregate, sort, limit. */
    private record OnSnowpark(OrdersTable orders) implements SnowparkDataFrame<DateRange> {
        @Override
        public DataFrame build(Session session, DateRange range) {
            return session.table(orders.sqlName())
                    .filter(col("O_ORDERDATE").between(lit(range.start()), lit(range.end())))
                    .groupBy(col("O_CUSTKEY"))
                    .agg(sum(col("O_TOTALPRICE")).as("SUM_TOTALPRICE"))
                    .sort(col("SUM_TOTALPRICE").desc(), col("O_CUSTKEY").asc())
                    .limit(10);
        }
    }
}
