package dataapi.tpch;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/** Counts generated rows and reports rows, rate and time left at a fixed interval, and once more at the end. */
final class Progress implements AutoCloseable {
    private final String task;
    private final long total;
    private final Consumer<String> out;
    private final LongAdder done = new LongAdder();
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private boolean finished; // guarded by this

    Progress(String task, long total, Duration interval, Consumer<String> out) {
        this.task = requireNonNull(task, "task is null");
        this.total = total;
        this.out = requireNonNull(out, "out is null");
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tpch-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        ticker.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        if (!finished) {
            out.accept(line());
        }
    }

    /** Reports the last line: no tick's line comes after it, not even one under way now, whose count is older. */
    synchronized void finish() {
        finished = true;
        out.accept(line());
    }

    void add(long rows) {
        done.add(rows);
    }

    private String line() {
        long rows = done.sum();
        if (rows == 0) {
            // The first seconds go to building dbgen's 300 MB text pool, before any row appears.
            return task + ": preparing the generator's text pool";
        }
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
        double rate = rows / seconds;
        String left = rate > 0 ? String.format(Locale.ROOT, "%.0f s left", (total - rows) / rate) : "? s left";
        return String.format(Locale.ROOT, "%s: %,d of %,d rows (%.0f%%), %,.0f rows/s, %s",
                task, rows, total, 100.0 * rows / Math.max(total, 1), rate, left);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
