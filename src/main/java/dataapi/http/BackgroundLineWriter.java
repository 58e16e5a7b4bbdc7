package dataapi.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * writes every line accepted before it, unless the stream takes nothing for {@value #CLOSE_WAIT_SECONDS}
 * seconds (a pipe nobody reads): then the lines still queued are given up, rather than the stop.
 */
public final class BackgroundLineWriter implements Consumer<String>, AutoCloseable {
    private static final int CAPACITY = 8192;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int MAX_KEPT_TEXT = 256 * 1024;
    /**
     * How long lines gather after a write before the next: a writer that waited on an empty queue
     * would be woken by every line, and at thousands of requests a second those wake-ups cost the
     * requests more than the lines do.
     */
    private static final long GATHER_MILLIS = 10;

    private static final Logger log = LoggerFactory.getLogger(BackgroundLineWriter.class);

    private final PrintStream out;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean givenUp;

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
        if (givenUp) {
            return;
        }
        if (closed) {
            writeNow(line);
            return;
        }
        try {
            lines.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writeNow(line);
        }
    }

    /** Writes {@code line} on the calling thread, in the same bytes as the writer thread would. */
    private void writeNow(String line) {
        Bytes bytes = new Bytes(line.length() + 1);
        bytes.writeLine(line);
        bytes.copyTo(out);
        out.flush();
    }

    private void writeUntilClosed() {
        List<String> batch = new ArrayList<>(CAPACITY);
        Bytes text = new Bytes(BATCH_BYTES);
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
            batch.forEach(text::writeLine);
            // Bytes, not text: the print stream's encoder would copy the text twice more on its way out.
            text.copyTo(out);
            out.flush();
            batch.clear();
            if (text.size() > MAX_KEPT_TEXT) {
                text = new Bytes(BATCH_BYTES); // a burst's buffer is not kept for good
            } else {
                text.reset();
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

    /** Writes what is queued and stops the writer thread; gives the lines up when the stream takes none. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        writer.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        if (writer.isAlive()) {
            // Stuck in a write: another write would wait on the same stream, and hold up the process's stop.
            givenUp = true;
            log.warn("The {} stream took nothing for {} s; stopping without the {} lines still queued for it",
                    writer.getName(), CLOSE_WAIT_SECONDS, lines.size());
            return;
        }
        // A line queued while closing, after the writer's last look.
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        rest.forEach(this::writeNow);
    }

    /** A byte buffer that hands its bytes to a print stream as they are (a print stream's writes do not throw). */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(size);
        }

        /** Appends {@code line} and its line break, in UTF-8 as JSON lines are. */
        void writeLine(String line) {
            writeBytes(line.getBytes(StandardCharsets.UTF_8));
            write('\n');
        }

        void copyTo(PrintStream out) {
            out.write(buf, 0, count);
        }
    }
}
