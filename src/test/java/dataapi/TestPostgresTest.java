package dataapi;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL server the test command starts is there, and each TestPostgres is private. */
class TestPostgresTest {
    @Test
    void eachInstanceHasItsOwnDatabase() throws Exception {
        try (TestPostgres first = new TestPostgres(); TestPostgres second = new TestPostgres()) {
            assertThat(first.database()).isNotEqualTo(second.database());
            try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (x int)");
                try (ResultSet rows = statement.executeQuery("SELECT current_database()")) {
                    rows.next();
                    assertThat(rows.getString(1)).isEqualTo(first.database());
                }
            }
            try (Connection connection = second.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }
}
