package dataapi.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dataapi.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class StatementCacheTest {
    private static final String PLUS_ONE = "SELECT CAST(? AS BIGINT) + 1";

    private DuckDbConnections duckDb;

    @BeforeEach
    void open() throws Exception {
        duckDb = TestData.duckDb(TestData.database());
    }

    @AfterEach
    void close() throws Exception {
        duckDb.close();
    }

    @Test
    void aStatementKeptOnAPooledConnectionOutlivesItsHandBackAndServesTheTextAgain() throws Exception {
        try (HikariDataSource pool = pool(); StatementCache cache = new StatementCache(4)) {
            PreparedStatement first;
            try (Connection pooled = pool.getConnection()) {
                first = keptAfterPlusOne(cache, pooled, 41);
            }
            try (Connection pooled = pool.getConnection()) {
                PreparedStatement second = cache.take(pooled, PLUS_ONE);
                assertThat(second).isSameAs(first);
                assertThat(second.isClosed()).isFalse();
                assertThat(plusOne(second, 99)).isEqualTo(100);
            }
        }
    }

    @Test
    void aStatementTakenAndNotKeptIsNotHandedOutAgain() throws Exception {
        try (Connection connection = duckDb.getConnection(); StatementCache cache = new StatementCache(4)) {
            PreparedStatement kept = keptAfterPlusOne(cache, connection, 1);
            // Taken again, then a run that fails: the caller closes it rather than keeping it.
            PreparedStatement failed = cache.take(connection, PLUS_ONE);
            assertThat(failed).isSameAs(kept);
            failed.close();

            PreparedStatement next = cache.take(connection, PLUS_ONE);
            assertThat(next).isNotSameAs(failed);
            assertThat(plusOne(next, 1)).isEqualTo(2);
        }
    }

    @Test
    void beyondItsBoundAConnectionClosesTheStatementLeastRecentlyRun() throws Exception {
        try (Connection connection = duckDb.getConnection(); StatementCache cache = new StatementCache(2)) {
            PreparedStatement a = keptAfterOneRun(cache, connection, "SELECT 1");
            PreparedStatement b = keptAfterOneRun(cache, connection, "SELECT 2");
            // Run again, "SELECT 1" is now more recent than "SELECT 2".
            assertThat(keptAfterOneRun(cache, connection, "SELECT 1")).isSameAs(a);
            PreparedStatement c = keptAfterOneRun(cache, connection, "SELECT 3");

            assertThat(b.isClosed()).isTrue();
            assertThat(a.isClosed()).isFalse();
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void closingTheCacheClosesEveryKeptStatement() throws Exception {
        try (Connection one = duckDb.getConnection(); Connection other = duckDb.getConnection()) {
            StatementCache cache = new StatementCache(4);
            PreparedStatement onOne = keptAfterOneRun(cache, one, "SELECT 1");
            PreparedStatement onOther = keptAfterOneRun(cache, other, "SELECT 1");
            assertThat(onOther).isNotSameAs(onOne);

            cache.close();

            assertThat(onOne.isClosed()).isTrue();
            assertThat(onOther.isClosed()).isTrue();
            assertThat(one.isClosed()).isFalse();
        }
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(duckDb);
        config.setMaximumPoolSize(1);
        config.setReadOnly(true);
        return new HikariDataSource(config);
    }

    private static long plusOne(PreparedStatement statement, long value) throws SQLException {
        statement.setLong(1, value);
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static PreparedStatement keptAfterPlusOne(StatementCache cache, Connection connection, long value) throws SQLException {
        PreparedStatement statement = cache.take(connection, PLUS_ONE);
        assertThat(plusOne(statement, value)).isEqualTo(value + 1);
        cache.keep(connection, PLUS_ONE, statement);
        return statement;
    }

    private static PreparedStatement keptAfterOneRun(StatementCache cache, Connection connection, String sql) throws SQLException {
        PreparedStatement statement = cache.take(connection, sql);
        try (ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).isTrue();
        }
        cache.keep(connection, sql, statement);
        return statement;
    }
}
