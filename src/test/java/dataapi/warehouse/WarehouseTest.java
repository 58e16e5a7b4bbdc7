package dataapi.warehouse;

import dataapi.Await;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.config.RequestLimits;
import dataapi.endpoint.SqlQuery;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseTest {
    @Test
    void aQueryBeyondDuckDbsMemoryLimitIsUnavailableNotFailedAndTheWarehouseStaysUp() throws Exception {
        try (Warehouse warehouse = new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()),
                2, Duration.ofSeconds(5), RequestLimits.DEFAULTS.statementTimeout())) {
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

    @Test
    void aQueryAfterCloseIsUnavailableNotFailed() throws Exception {
        Warehouse warehouse = new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()),
                1, Duration.ofSeconds(5), RequestLimits.DEFAULTS.statementTimeout());
        warehouse.close();

        assertThatThrownBy(() -> warehouse.query(SqlQuery.of("SELECT ?", 1L), new CancelSignal(), rows -> rows.next()))
                .isInstanceOf(WarehouseUnavailableException.class)
                .hasMessage("the warehouse is closed");
    }

    /** The pool sets the connections' login timeout and waits that long for a connection being opened when it closes. */
    @Test
    void theConnectionsKeepThePoolsLoginTimeoutAndClosingWarnsOfNothing() throws Exception {
        DuckDbConnections connections = TestData.duckDb(TestData.database());
        String logged = StandardError.during(() -> {
            try (Warehouse warehouse = new Warehouse("test", SQLDialect.DUCKDB, connections, 2, Duration.ofSeconds(5),
                    RequestLimits.DEFAULTS.statementTimeout())) {
                long one = warehouse.query(SqlQuery.of("SELECT ?", 1L), new CancelSignal(), rows -> rows.next() ? rows.getLong(1) : -1L);
                assertThat(one).isEqualTo(1L);
                assertThat(connections.getLoginTimeout()).isPositive();
            }
        });

        assertThat(logged).doesNotContain("WARN");
    }

    @Test
    void queriesFromManyThreadsRunOnOneThreadPerPooledConnection() throws Exception {
        int poolSize = 2;
        int askers = 16;
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Set<Thread> askedFrom = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(askers);
        try (Warehouse warehouse = new Warehouse("test", SQLDialect.DUCKDB, TestData.duckDb(TestData.database()),
                poolSize, Duration.ofSeconds(30), RequestLimits.DEFAULTS.statementTimeout())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < askers * 5; i++) {
                long n = 1_000 + i;
                answers.add(threads.submit(() -> {
                    start.await();
                    askedFrom.add(Thread.currentThread());
                    return warehouse.query(SqlQuery.of("SELECT sum(range) FROM range(?)", n), new CancelSignal(), rows -> {
                        ranOn.add(Thread.currentThread());
                        return rows.next() ? rows.getLong(1) : -1L;
                    });
                }));
            }
            start.countDown();
            for (int i = 0; i < answers.size(); i++) {
                long n = 1_000 + i;
                assertThat(answers.get(i).get(1, TimeUnit.MINUTES)).isEqualTo(n * (n - 1) / 2);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(askedFrom).hasSizeGreaterThan(poolSize);
        assertThat(ranOn).hasSizeBetween(1, poolSize).doesNotContainAnyElementsOf(askedFrom);
    }

    /** Hikari opens a connection on demand only for a waiter it has counted, and a burst can leave one uncounted. */
    @Test
    void thePoolOpensEveryConnectionBeforeAQueryAsksForOne() throws Exception {
        CountedConnections connections = new CountedConnections(TestData.duckDb(TestData.database()));
        try (Warehouse ignored = new Warehouse("test", SQLDialect.DUCKDB, connections, 4, Duration.ofSeconds(5),
                RequestLimits.DEFAULTS.statementTimeout())) {
            connections.awaitOpened(4);
        }
    }

    @Test
    void untilTheDataIsMadeThePoolOpensNoConnectionAndThenEvery() throws Exception {
        CountedConnections connections = new CountedConnections(TestData.duckDb(TestData.database()));
        CompletableFuture<Void> dataMade = new CompletableFuture<>();
        SqlQuery one = SqlQuery.of("SELECT ?", 1L);
        try (Warehouse warehouse = new Warehouse("test", SQLDialect.DUCKDB, connections, 4, Duration.ofSeconds(5),
                RequestLimits.DEFAULTS.statementTimeout(), Warehouse.DEFAULT_CONNECTION_LIFETIME, dataMade)) {
            assertThatThrownBy(() -> warehouse.query(one, new CancelSignal(), rows -> rows.next()))
                    .isInstanceOf(WarehouseUnavailableException.class);
            // Past the first fill of a started pool, 100 ms after it starts.
            Thread.sleep(500);
            assertThat(connections.opened()).as("connections opened before the data is made").isZero();

            dataMade.complete(null);
            long answer = warehouse.query(one, new CancelSignal(), rows -> rows.next() ? rows.getLong(1) : -1L);
            assertThat(answer).isEqualTo(1L);
            connections.awaitOpened(4);
        }
    }

    /** Another data source's connections, counted as they are opened. */
    private static final class CountedConnections extends UnpooledDataSource implements AutoCloseable {
        private final DuckDbConnections connections;
        private final AtomicInteger opened = new AtomicInteger();

        CountedConnections(DuckDbConnections connections) {
            this.connections = connections;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = connections.getConnection();
            opened.incrementAndGet();
            return connection;
        }

        int opened() {
            return opened.get();
        }

        void awaitOpened(int count) throws InterruptedException {
            Await.until(() -> opened() == count, () -> "the pool opens its " + count + " connections (" + opened() + " open)",
                    Duration.ofSeconds(15));
        }

        @Override
        public void close() throws SQLException {
            connections.close();
        }
    }
}
