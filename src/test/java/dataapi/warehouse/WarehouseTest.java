package dataapi.warehouse;

import dataapi.TestData;
import dataapi.endpoint.SqlQuery;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseTest {
    @Test
    void aQueryBeyondDuckDbsMemoryLimitIsUnavailableNotFailedAndTheWarehouseStaysUp() throws Exception {
        try (Warehouse warehouse = new Warehouse("test", SQLDialect.DUCKDB, DuckDbConnections.openReadOnly(TestData.database(), "64MB", 1),
                2, Duration.ofSeconds(5))) {
            // One list of 20 million BIGINTs is 160 MB, more than the 64MB the test database is opened with.
            SqlQuery tooBig = SqlQuery.of("SELECT len(list(range)) FROM range(?)", 20_000_000L);
            assertThatThrownBy(() -> warehouse.query(tooBig, new CancelSignal(), rows -> rows.next()))
                    .isInstanceOf(WarehouseUnavailableException.class)
                    .hasMessageContaining("memory");

            SqlQuery small = SqlQuery.of("SELECT len(list(range)) FROM range(?)", 1_000L);
            long length = warehouse.query(small, new CancelSignal(), rows -> rows.next() ? rows.getLong(1) : -1L);
            assertThat(length).isEqualTo(1_000L);
            assertThat(warehouse.isReady()).isTrue();
        }
    }
}
