package dataapi.report;

import dataapi.endpoint.DataFrameEndpoint;
import dataapi.endpoint.Endpoint;
import dataapi.tpch.ScaleFactor;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server prepares every report's query with its documented examples at start, so they must bind. */
class ExampleParametersTest {
    private static final OrdersTable ORDERS = new OrdersTable("orders");

    @Test
    void everyReportBindsItsExamplesInEveryLayout() {
        for (TpchTables tables : List.of(TpchTables.ordersOnly(ORDERS),
                TpchTables.embedded(ORDERS, ScaleFactor.parse("10"), new CustomerKeyRanges(ScaleFactor.parse("10"), 100_000)))) {
            List<DataFrameEndpoint<?>> reports = Reports.all(tables);
            assertThat(reports).hasSize(2);
            for (DataFrameEndpoint<?> report : reports) {
                assertThat(boundValues(report)).as(report.id()).isNotEmpty();
                assertThat(snowparkSql(report)).as(report.id()).containsIgnoringCase("select").contains("?");
            }
        }
    }

    @Test
    void theExamplesAreTheDocumentedOnes() {
        List<DataFrameEndpoint<?>> reports = Reports.all(TpchTables.ordersOnly(ORDERS));

        assertThat(boundValues(reports.get(0))).extracting(String::valueOf).containsExactly("1995-01-01", "1995-03-31");
        assertThat(boundValues(reports.get(1))).extracting(String::valueOf).containsExactly("Clerk#000000002", "1995-01-01", "1995-12-31");
    }

    private static <P> List<Object> boundValues(Endpoint<P> endpoint) {
        return endpoint.connectorQuery(endpoint.exampleParameters()).bindValues();
    }

    private static <P> String snowparkSql(DataFrameEndpoint<P> endpoint) {
        return endpoint.snowparkQuery(DSL.using(SQLDialect.DUCKDB), endpoint.exampleParameters()).getSQL();
    }
}
