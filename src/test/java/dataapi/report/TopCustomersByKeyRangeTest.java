package dataapi.report;

import dataapi.OrdersOracle;
import dataapi.OrdersOracle.CustomerTotal;
import dataapi.TestData;
import dataapi.family.ConnectorQueries;
import dataapi.family.QueryFamily;
import dataapi.family.SnowparkQueries;
import dataapi.report.TopCustomers.DateRange;
import dataapi.warehouse.CancelSignal;
import dataapi.warehouse.DuckDbConnections;
import dataapi.warehouse.Warehouse;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A top 10 summed by ranges of customer keys gives the generator's own answer, in both families. */
class TopCustomersByKeyRangeTest {
    // At scale 0.01 the whole span has about 1,000 ordering customers: up to 20 ranges of 50.
    private static final TpchTables BY_RANGES_OF_50 = new TpchTables(new OrdersTable("orders"), Optional.empty(), Optional.empty(),
            Optional.of(new CustomerKeyRanges(TestData.SCALE, 50)));

    private static Warehouse warehouse;
    private static OrdersOracle oracle;

    @BeforeAll
    static void open() throws Exception {
        warehouse = new Warehouse("test", SQLDialect.DUCKDB, DuckDbConnections.openReadOnly(TestData.database(), "64MB", 1),
                2, Duration.ofSeconds(5));
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @AfterAll
    static void close() throws Exception {
        warehouse.close();
    }

    @ParameterizedTest(name = "{0} to {1} in {2} ranges")
    @CsvSource({
            "1995-01-01, 1995-03-31, 9",
            "1992-01-01, 1998-12-31, 20",
            "1996-02-01, 1996-02-14, 2",
    })
    void rangeByRangeEqualsTheGeneratorsTop10(LocalDate start, LocalDate end, int ranges) throws Exception {
        TopCustomers top10 = new TopCustomers(BY_RANGES_OF_50);
        DateRange range = new DateRange(start, end);
        List<CustomerTotal> expected = oracle.top10(start, end);

        assertThat(top10.connectorQuery(range).bindValues()).hasSize(4 * ranges);
        for (QueryFamily family : List.of(new ConnectorQueries(warehouse), new SnowparkQueries(warehouse))) {
            List<CustomerTotal> rows = family.run(top10, range, new CancelSignal(), result -> {
                List<CustomerTotal> read = new ArrayList<>();
                while (result.next()) {
                    read.add(new CustomerTotal(result.getLong(1), result.getBigDecimal(2).movePointRight(2).longValueExact()));
                }
                return read;
            });
            assertThat(rows).as(family.family().name()).hasSize(10).isEqualTo(expected);
        }
    }
}
