package dataapi.http;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Writes lines to a stream from one thread of its own, many at a time, so that the threads that
 * produce them (one per request) neither queue for the stream's lock nor each wait for a write.
 * When the lines come faster than the stream takes them, producers wait: none is dropped. Closing
 * writes every line accepted before it.
 */
public final class BackgroundLineWriter implements Consumer<String>, AutoCloseable {
    private static final int CAPACITY = 8192;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final int MAX_KEPT_TEXT = 256 * 1024;
    /**
     * How long lines gather after a write before the next: a writer that waited on an empty queue
     * would be woken by every line, and at thousands of requests a second those wake-ups cost the
     * requests more than the lines do.
     */
    private static final long GATHER_MILLIS = 10;

    private final PrintStream out;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closed;

    public BackgroundLineWriter(PrintStream out, String threadName) {
        this.out = requireNonNull(out, "out is null");
        this.writer = new Thread(this::writeUntilClosed, requireNonNull(threadName, "threadName is null"));
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues {@code line} (without its line break); waits while the queue is full. */
    @Override
    public void accept(String line) {
        requireNonNull(line, "line is null");
        if (closed) {
            out.println(line);
            return;
        }
        try {
            lines.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println(line);
        }
    }

    private void writeUntilClosed() {
        List<String> batch = new ArrayList<>(CAPACITY);
        StringBuilder text = new StringBuilder();
        while (!closed || !lines.isEmpty()) {
            try {
                // A bounded wait, so that a close is seen without interrupting a write in progress.
                String first = lines.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            lines.drainTo(batch);
            for (String line : batch) {
                text.append(line).append('\n');
            }
            out.print(text);
            out.flush();
            batch.clear();
            text.setLength(0);
            if (text.capacity() > MAX_KEPT_TEXT) {
                text.trimToSize(); // a burst's buffer is not kept for good
            }
            if (!closed) {
                try {
                    Thread.sleep(GATHER_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Writes what is queued and stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        writer.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        // A line queued while closing, after the writer's last look.
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        rest.forEach(out::println);
    }
}
