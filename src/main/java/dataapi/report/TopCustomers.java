package dataapi.report;

import dataapi.endpoint.BadRequestException;
import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.endpoint.SqlQuery;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code /customers/top10}: the ten customers with the highest order total in a date range. */
public final class TopCustomers implements Endpoint<TopCustomers.DateRange> {
    private static final String INVALID_DATES = "Invalid start and/or end dates.";
    private static final String START_AFTER_END = "start_range must not be after end_range.";

    static final Parameter<LocalDate> START = Parameter.query("start_range", "date", "1995-01-01",
            "First order date included, YYYY-MM-DD.", raw -> Inputs.date(raw, INVALID_DATES))
            .withErrors(INVALID_DATES, START_AFTER_END);
    static final Parameter<LocalDate> END = Parameter.query("end_range", "date", "1995-03-31",
            "Last order date included, YYYY-MM-DD.", raw -> Inputs.date(raw, INVALID_DATES))
            .withErrors(INVALID_DATES, START_AFTER_END);

    /** Both bounds inclusive. */
    public record DateRange(LocalDate start, LocalDate end) {
        public DateRange {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
        }
    }

    private final OrdersTable orders;

    public TopCustomers(OrdersTable orders) {
        this.orders = requireNonNull(orders, "orders is null");
    }

    @Override
    public String id() {
        return "customers_top10";
    }

    @Override
    public String title() {
        return "Top 10 Customers";
    }

    @Override
    public String path() {
        return "/customers/top10";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(START, END);
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("O_CUSTKEY", Column.Type.INTEGER), new Column("SUM_TOTALPRICE", Column.Type.MONEY));
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

    @Override
    public SqlQuery connectorQuery(DateRange range) {
        return SqlQuery.of("""
                SELECT o_custkey, SUM(o_totalprice) AS sum_totalprice
                FROM %s
                WHERE o_orderdate BETWEEN ? AND ?
                GROUP BY o_custkey
                ORDER BY sum_totalprice DESC, o_custkey
                LIMIT 10""".formatted(orders.sqlName()), range.start(), range.end());
    }

    @Override
    public ResultQuery<?> snowparkQuery(DSLContext dsl, DateRange range) {
        Field<BigDecimal> total = DSL.sum(orders.totalPrice).as("sum_totalprice");
        return dsl.select(orders.custKey, total)
                .from(orders.table)
                .where(orders.orderDate.between(range.start(), range.end()))
                .groupBy(orders.custKey)
                .orderBy(total.desc(), orders.custKey.asc())
                .limit(10);
    }
}
