package dataapi.report;

import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.RequestValues;
import dataapi.tpch.ScaleFactor;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Input never becomes SQL text: the text is the same whatever the values, which travel as bind values. */
class QueryBindingTest {
    private final OrdersTable orders = new OrdersTable("orders");
    private final DSLContext dsl = DSL.using(SQLDialect.DUCKDB);

    @Test
    void topCustomersBindsTheDates() {
        assertBound(new TopCustomers(TpchTables.ordersOnly(orders)),
                Map.of("start_range", "1995-01-01", "end_range", "1995-03-31"),
                Map.of("start_range", "1997-06-07", "end_range", "1998-01-02"), "1997-06-07", "1998-01-02");
        TopCustomers embedded = new TopCustomers(TpchTables.embedded(orders, ScaleFactor.parse("10"),
                new CustomerKeyRanges(ScaleFactor.parse("10"), 200_000)));
        // Up to 184 days, from the window totals with a first pass.
        assertThat(embedded.connectorQuery(embedded.bind(values(Map.of("start_range", "1995-01-01", "end_range", "1995-04-30")))).sql())
                .contains(OrdersWindowTotalsTable.NAME);
        assertBound(embedded,
                Map.of("start_range", "1995-01-01", "end_range", "1995-04-30"),
                Map.of("start_range", "1997-06-07", "end_range", "1997-10-04"), "1997-06-07", "1997-10-04");
        // Summed by ranges of customer keys, the text depends only on how many ranges, here 5 for both.
        assertThat(embedded.connectorQuery(embedded.bind(values(Map.of("start_range", "1995-01-01", "end_range", "1995-12-31")))).sql())
                .doesNotContain(OrdersWindowTotalsTable.NAME).contains("BETWEEN ? AND ?");
        assertBound(embedded,
                Map.of("start_range", "1995-01-01", "end_range", "1995-12-31"),
                Map.of("start_range", "1997-06-07", "end_range", "1998-06-06"), "1997-06-07", "1998-06-06");
    }

    @Test
    void clerkYearlySalesBindsTheClerkAndYear() {
        assertBound(new ClerkYearlySales(TpchTables.ordersOnly(orders)),
                Map.of("clerk_id", "1", "year", "1995"),
                Map.of("clerk_id", "000000987", "year", "1993"), "Clerk#000000987", "1993");
        assertBound(new ClerkYearlySales(TpchTables.embedded(orders, ScaleFactor.parse("1"), new CustomerKeyRanges(ScaleFactor.parse("1"), 200_000))),
                Map.of("clerk_id", "1", "year", "1995"),
                Map.of("clerk_id", "000000987", "year", "1993"), "Clerk#000000987", "1993");
    }

    private <P> void assertBound(DataFrameEndpoint<P> endpoint, Map<String, String> first, Map<String, String> second, String... secondValues) {
        P a = endpoint.bind(values(first));
        P b = endpoint.bind(values(second));

        String connectorText = endpoint.connectorQuery(a).sql();
        assertThat(endpoint.connectorQuery(b).sql()).isEqualTo(connectorText);
        assertThat(endpoint.connectorQuery(b).bindValues()).extracting(String::valueOf).contains(secondValues[0]);

        String snowparkText = endpoint.snowparkQuery(dsl, a).getSQL();
        assertThat(endpoint.snowparkQuery(dsl, b).getSQL()).isEqualTo(snowparkText);
        assertThat(endpoint.snowparkQuery(dsl, b).getBindValues()).extracting(String::valueOf).contains(secondValues[0]);
        for (String value : secondValues) {
            assertThat(connectorText).doesNotContain(value);
            assertThat(snowparkText).doesNotContain(value);
        }
    }

    private static RequestValues values(Map<String, String> values) {
        return (Parameter<?> parameter) -> values.get(parameter.name());
    }
}
