package dataapi.warehouse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A fixed set of threads, one per pooled connection, on which every query runs. An embedded warehouse
 * (DuckDB) runs inside this process, and native code keeps memory per thread that calls it (allocator
 * caches, arenas): with queries on the HTTP server's threads, every one of them would hold some, so
 * the process's memory would grow with the number of connections rather than with the pool.
 *
 * <p>A query first waits for a free thread, for at most the pool's wait, as it would wait for a
 * connection; the asker's thread then waits for the query to end, which its statement timeout and
 * its cancel signal bound.
 */
final class QueryThreads implements MeterBinder, AutoCloseable {
    private final Semaphore free;
    private final ExecutorService threads;
    private final Duration wait;
    // Meters of an empty registry, which record nothing, until bindTo gives a real one.
    private volatile Timer waits = waitTimer(new CompositeMeterRegistry());
    private volatile Counter timeouts = timeoutCounter(new CompositeMeterRegistry());

    QueryThreads(int count, Duration wait) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        this.free = new Semaphore(count, true);
        this.threads = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "warehouse-query");
            thread.setDaemon(true);
            return thread;
        });
        this.wait = requireNonNull(wait, "wait is null");
    }

    /**
     * Runs {@code query} on one of the threads and returns what it returns or throws.
     *
     * @param busy the exception for a query that found no free thread within the wait
     * @throws QueryCancelledException when {@code cancel} came while the query waited for a thread
     */
    <R> R run(Callable<R> query, CancelSignal cancel, Supplier<SQLException> busy) throws SQLException {
        acquire(cancel, busy);
        try {
            Future<R> result;
            try {
                result = threads.submit(query);
            } catch (RejectedExecutionException e) {
                // Closed: the server is stopping, and a request still in flight gets a 503 to retry elsewhere.
                throw new WarehouseUnavailableException("the warehouse is closed", e);
            }
            return await(result);
        } finally {
            free.release();
        }
    }

    private void acquire(CancelSignal cancel, Supplier<SQLException> busy) throws SQLException {
        long started = System.nanoTime();
        boolean acquired;
        try {
            acquired = cancel.await(() -> free.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            throw new SQLException("interrupted while waiting for the warehouse", e);
        }
        waits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (!acquired) {
            timeouts.increment();
            throw busy.get();
        }
    }

    /**
     * Waits for the query to end, even when interrupted: its thread and connection are only free once it has,
     * and its timeout and cancel signal bound how long that takes.
     */
    private static <R> R await(Future<R> result) throws SQLException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException sql) {
                        throw sql;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new SQLException("the query failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Publishes the waits for a thread: how many wait now, how long they waited, how many gave up. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("dataapi.query.waiting", free, Semaphore::getQueueLength)
                .description("Queries waiting for a warehouse thread and its connection")
                .register(registry);
        waits = waitTimer(registry);
        timeouts = timeoutCounter(registry);
    }

    private static Timer waitTimer(MeterRegistry registry) {
        return Timer.builder("dataapi.query.wait")
                .description("Time queries waited for a warehouse thread and its connection")
                .register(registry);
    }

    private static Counter timeoutCounter(MeterRegistry registry) {
        return Counter.builder("dataapi.query.wait.timeouts")
                .description("Queries refused (503) after waiting the pool's wait for a warehouse thread")
                .register(registry);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
