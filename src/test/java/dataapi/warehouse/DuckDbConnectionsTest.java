package dataapi.warehouse;

import dataapi.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbConnectionsTest {
    /**
     * A file whose check fails (an earlier layout's record it cannot bind, say) is not kept open: DuckDB
     * takes one set of settings per file in a process, and a generation replacing the file opens it
     * with its own.
     */
    @Test
    void aFileWhoseCheckFailsIsNotKeptOpen(@TempDir Path dir) throws Exception {
        Path file = Files.copy(TestData.database(), dir.resolve("copy.duckdb"));
        try (DuckDbConnections connections = DuckDbConnections.openReadOnly(file, "64MB", 1, connection -> {
            throw new SQLException("Binder Error: the check cannot read this file");
        })) {
            assertThatThrownBy(connections::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("Binder Error");
            try (Connection other = DuckDbConnections.connect(file, new Properties())) {
                assertThat(other.isValid(1)).isTrue();
            }
        }
    }
}
