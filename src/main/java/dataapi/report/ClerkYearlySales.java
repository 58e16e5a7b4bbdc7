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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static com.snowflake.snowpark_java.Functions.col;
import static com.snowflake.snowpark_java.Functions.lit;
import static com.snowflake.snowpark_java.Functions.month;
import static com.snowflake.snowpark_java.Functions.sum;
import static java.util.Objects.requireNonNull;

/** {@code /clerk/{clerk_id}/yearly_sales/{year}}: one clerk's order total per month of one year. */
public final class ClerkYearlySales implements DataFrameEndpoint<ClerkYearlySales.ClerkYear> {
    private static final String ID = "clerk_yearly_sales";
    private static final String PATH = "/clerk/{clerk_id}/yearly_sales/{year}";
    private static final String INVALID_CLERK = "Clerk ID can only contain numbers.";
    private static final String INVALID_YEAR = "Invalid year.";
    private static final String CLERK_PREFIX = "Clerk#";
    private static final int MAX_LONG_DIGITS = 18;

    static final Parameter<String> CLERK = Parameter.path("clerk_id", "digits", "000000002",
            "The clerk's number, e.g. 2 or 000000002 for Clerk#000000002.", ClerkYearlySales::clerkName)
            .withErrors(INVALID_CLERK);
    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;
    static final Parameter<Integer> YEAR = Parameter.path("year", "integer", "1995",
            "The calendar year, " + MIN_YEAR + " to " + MAX_YEAR + ".", ClerkYearlySales::year)
            .withErrors(INVALID_YEAR)
            .withConstraint("minimum", MIN_YEAR)
            .withConstraint("maximum", MAX_YEAR);

    /** A clerk's name as stored in o_clerk, and a year. */
    public record ClerkYear(String clerk, int year) {
        public ClerkYear {
            requireNonNull(clerk, "clerk is null");
        }

        /** The number in the clerk's name, or -1, which no row has, when it is too long to be any clerk's. */
        long number() {
            String digits = clerk.substring(CLERK_PREFIX.length());
            return digits.length() <= MAX_LONG_DIGITS ? Long.parseLong(digits) : -1;
        }

        LocalDate firstDay() {
            return LocalDate.of(year, 1, 1);
        }

        LocalDate lastDay() {
            return LocalDate.of(year, 12, 31);
        }
    }

    private final OrdersTable orders;
    private final Optional<ClerkMonthlySalesTable> monthly;

    public ClerkYearlySales(TpchTables tables) {
        requireNonNull(tables, "tables is null");
        this.orders = tables.orders();
        this.monthly = tables.clerkMonthlySales();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Monthly Clerk Sales";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(CLERK, YEAR);
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("O_CLERK", Column.Type.STRING).from(orders.clerk.getName()),
                new Column("MONTH", Column.Type.INTEGER).from("the month of " + orders.orderDate.getName()),
                new Column("SUM_TOTALPRICE", Column.Type.MONEY).from("the sum of " + orders.totalPrice.getName()));
    }

    @Override
    public ClerkYear bind(RequestValues request) {
        return new ClerkYear(CLERK.from(request), YEAR.from(request));
    }

    // Over ORDERS: a date range rather than YEAR(o_orderdate) = ?, so that zone maps and indexes on the date apply.
    @Override
    public SqlQuery connectorQuery(ClerkYear clerkYear) {
        if (monthly.isPresent()) {
            return SqlQuery.of("""
                    SELECT o_clerk, month, sum_totalprice
                    FROM %s
                    WHERE clerk_number = ? AND o_clerk = ? AND year = ?
                    ORDER BY month""".formatted(ClerkMonthlySalesTable.NAME), clerkYear.number(), clerkYear.clerk(), clerkYear.year());
        }
        return SqlQuery.of("""
                SELECT o_clerk, EXTRACT(MONTH FROM o_orderdate) AS month, SUM(o_totalprice) AS sum_totalprice
                FROM %s
                WHERE o_clerk = ? AND o_orderdate BETWEEN ? AND ?
                GROUP BY o_clerk, month
                ORDER BY month""".formatted(orders.sqlName()),
                clerkYear.clerk(), clerkYear.firstDay(), clerkYear.lastDay());
    }

    @Override
    public ResultQuery<?> snowparkQuery(DSLContext dsl, ClerkYear clerkYear) {
        if (monthly.isPresent()) {
            ClerkMonthlySalesTable sales = monthly.get();
            return dsl.select(sales.clerk, sales.month, sales.total)
                    .from(sales.table)
                    .where(sales.clerkNumber.eq(clerkYear.number()))
                    .and(sales.clerk.eq(clerkYear.clerk()))
                    .and(sales.year.eq(clerkYear.year()))
                    .orderBy(sales.month);
        }
        Field<Integer> month = DSL.month(orders.orderDate).as("month");
        Field<BigDecimal> total = DSL.sum(orders.totalPrice).as("sum_totalprice");
        return dsl.select(orders.clerk, month, total)
                .from(orders.table)
                .where(orders.clerk.eq(clerkYear.clerk()))
                .and(orders.orderDate.between(clerkYear.firstDay(), clerkYear.lastDay()))
                .groupBy(orders.clerk, month)
                .orderBy(month);
    }

    @Override
    public SnowparkDataFrame<ClerkYear> snowparkDataFrame() {
        return new OnSnowpark(orders);
    }

    /** The quickstart's snowpark.py in Snowpark for Java: table, filter, project the month, group by, aggregate, sort. */
    private record OnSnowpark(OrdersTable orders) implements SnowparkDataFrame<ClerkYear> {
        @Override
        public DataFrame build(Session session, ClerkYear clerkYear) {
            return session.table(orders.sqlName())
                    .filter(col("O_CLERK").equal_to(lit(clerkYear.clerk()))
                            .and(col("O_ORDERDATE").between(lit(clerkYear.firstDay()), lit(clerkYear.lastDay()))))
                    .select(col("O_CLERK"), month(col("O_ORDERDATE")).as("MONTH"), col("O_TOTALPRICE"))
                    .groupBy(col("O_CLERK"), col("MONTH"))
                    .agg(sum(col("O_TOTALPRICE")).as("SUM_TOTALPRICE"))
                    .sort(col("MONTH"));
        }
    }

    /** {@code 2} and {@code 000000002} both name {@code Clerk#000000002}. */
    static String clerkName(String raw) {
        if (!Inputs.isAsciiDigits(raw)) {
            throw new BadRequestException(INVALID_CLERK);
        }
        String digits = Inputs.withoutLeadingZeros(raw);
        return CLERK_PREFIX + "0".repeat(Math.max(0, 9 - digits.length())) + digits;
    }

    static int year(String raw) {
        String digits = Inputs.withoutLeadingZeros(raw);
        // Four digits at most before parsing, so that a long one cannot overflow.
        if (!Inputs.isAsciiDigits(digits) || digits.length() > 4) {
            throw new BadRequestException(INVALID_YEAR);
        }
        int year = Integer.parseInt(digits);
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new BadRequestException(INVALID_YEAR);
        }
        return year;
    }
}
