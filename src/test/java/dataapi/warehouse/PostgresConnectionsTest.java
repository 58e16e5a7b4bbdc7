package dataapi.warehouse;

import dataapi.TestPostgres;
import dataapi.config.RequestLimits;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API's own PostgreSQL sessions can read and never write. */
class PostgresConnectionsTest {
    @Test
    void pooledConnectionsAreReadOnlyInPostgres() throws Exception {
        try (TestPostgres postgres = new TestPostgres();
             Warehouse warehouse = new Warehouse("test", SQLDialect.POSTGRES,
                     PostgresConnections.dataSource(postgres.config(), Duration.ofSeconds(5)), 1, Duration.ofSeconds(5),
                     RequestLimits.DEFAULTS.statementTimeout());
             Connection connection = warehouse.connection();
             Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT 1")).isTrue();
            assertThatThrownBy(() -> statement.execute("CREATE TABLE written (x int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
    }
}
