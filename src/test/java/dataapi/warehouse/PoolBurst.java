package dataapi.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dataapi.config.RequestLimits;
import org.jooq.SQLDialect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness behind the {@link Warehouse}'s fixed-size pool (bench/pool-burst): as many askers as the
 * pool has connections each ask for one at once and hold it, as slow queries do, on a pool just
 * started. Hikari opens a connection on demand only for a waiter it has counted, and in a burst it
 * may count one waiter too few, who then waits for a connection handed back or for the pool's next
 * fill, 30 s later. Prints, for a number of bursts, those in which an asker was refused after the
 * pool's wait, and how long the askers took to all hold a connection.
 *
 * <p>The connections are to an empty DuckDB file, each opened after a login's delay.
 *
 * <pre>PoolBurst on-demand|dataapi BURSTS POOL_SIZE</pre>
 * {@code on-demand} is a Hikari pool that keeps one connection idle and opens the others as askers
 * come; {@code dataapi} is the warehouse's own pool.
 */
final class PoolBurst {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** A remote warehouse's login takes a round trip or more; a DuckDB file already open takes none. */
    private static final long LOGIN_MILLIS = 3;

    private PoolBurst() {
    }

    public static void main(String[] args) throws Exception {
        boolean asServed = switch (args[0]) {
            case "on-demand" -> false;
            case "dataapi" -> true;
            default -> throw new IllegalArgumentException("on-demand or dataapi, not " + args[0]);
        };
        int bursts = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        Path file = Files.createTempDirectory("pool-burst").resolve("empty.duckdb");
        DuckDbConnections.connect(file, new Properties()).close();
        ExecutorService askers = Executors.newFixedThreadPool(size);
        List<Long> servedMillis = new ArrayList<>();
        int refusedBursts = 0;
        try {
            for (int i = 0; i < bursts; i++) {
                try (Pool pool = asServed ? warehouse(file, size) : onDemand(file, size)) {
                    // As a running server's pool is: started, its idle connections open.
                    Thread.sleep(300);
                    Burst burst = burst(pool, size, askers);
                    servedMillis.add(burst.servedMillis());
                    refusedBursts += burst.refused() > 0 ? 1 : 0;
                }
            }
        } finally {
            askers.shutdownNow();
            Files.delete(file);
            Files.delete(file.getParent());
        }
        Collections.sort(servedMillis);
        System.out.printf("%-9s %d bursts of %d: %d with an asker refused after %d s; all served in %d ms median, %d ms at most%n",
                args[0], bursts, size, refusedBursts, WAIT.toSeconds(), servedMillis.get(servedMillis.size() / 2),
                servedMillis.get(servedMillis.size() - 1));
    }

    private record Burst(long servedMillis, int refused) {
    }

    /** {@code size} askers ask at once; each holds its connection until every one has been served or refused. */
    private static Burst burst(Pool pool, int size, ExecutorService askers) throws Exception {
        CyclicBarrier start = new CyclicBarrier(size);
        CountDownLatch served = new CountDownLatch(size);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> asked = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < size; i++) {
            asked.add(askers.submit(() -> {
                start.await();
                try (Connection held = pool.connection()) {
                    served.countDown();
                    release.await();
                } catch (SQLException e) {
                    refused.incrementAndGet();
                    served.countDown();
                }
                return null;
            }));
        }
        served.await();
        long servedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        release.countDown();
        for (Future<?> one : asked) {
            one.get();
        }
        return new Burst(servedMillis, refused.get());
    }

    @FunctionalInterface
    private interface Connections {
        Connection take() throws SQLException;
    }

    /** Where the askers take connections from, and what closes it. */
    private record Pool(Connections connections, AutoCloseable closing) implements AutoCloseable {
        Connection connection() throws SQLException {
            return connections.take();
        }

        @Override
        public void close() throws Exception {
            closing.close();
        }
    }

    private static Pool warehouse(Path file, int size) {
        Warehouse warehouse = new Warehouse("pool-burst", SQLDialect.DUCKDB, new SlowLogin(file), size, WAIT,
                RequestLimits.DEFAULTS.statementTimeout());
        return new Pool(warehouse::connection, warehouse);
    }

    private static Pool onDemand(Path file, int size) {
        SlowLogin connections = new SlowLogin(file);
        HikariConfig config = new HikariConfig();
        config.setDataSource(connections);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(WAIT.toMillis());
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(true);
        HikariDataSource hikari = new HikariDataSource(config);
        return new Pool(hikari::getConnection, () -> {
            hikari.close();
            connections.close();
        });
    }

    /** Connections to a DuckDB file, each handed out after a login's delay. */
    private static final class SlowLogin extends UnpooledDataSource implements AutoCloseable {
        private final DuckDbConnections connections;

        SlowLogin(Path file) {
            this.connections = DuckDbConnections.openReadOnly(file, "64MB", 1, connection -> true);
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                Thread.sleep(LOGIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while logging in", e);
            }
            return connections.getConnection();
        }

        @Override
        public void close() throws SQLException {
            connections.close();
        }
    }
}
