package dataapi.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * writes every line accepted before it for as long as the stream takes them, unless it takes none
 * for {@link #STALL_WAIT} (a pipe nobody reads) or they are still not all written after
 * {@link #DRAIN_LIMIT}: then the lines not written yet are given up, and counted, rather than the stop.
 */
public final class BackgroundLineWriter implements Consumer<String>, AutoCloseable {
    private static final int CAPACITY = 8192;
    private static final Duration STALL_WAIT = Duration.ofSeconds(5);
    /**
     * The longest a close writes for, however the lines move: Kubernetes and Snowpark Container Services
     * kill a container 30 s after asking it to stop, and a stop lets the requests in flight end first.
     */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);
    /**
     * The most written at once: a stop tells a slow stream from a stuck one by the writes that end, so
     * a write must not take long on a slow stream, yet hold many lines, each write being a system call.
     */
    private static final int PIECE_BYTES = 8 * 1024;
    private static final int MAX_KEPT_TEXT = 256 * 1024;
    /**
     * How long lines gather after a write before the next: a writer that waited on an empty queue
     * would be woken by every line, and at thousands of requests a second those wake-ups cost the
     * requests more than the lines do.
     */
    private static final long GATHER_MILLIS = 10;

    private static final Logger log = LoggerFactory.getLogger(BackgroundLineWriter.class);

    private final PrintStream out;
    private final Duration stallWait;
    private final Duration drainLimit;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean givenUp;
    /** What the writer thread took from the queue, and wrote, and when it last wrote: only it changes them. */
    private volatile long taken;
    private volatile long written;
    private volatile long lastWriteNanos = System.nanoTime();

    public BackgroundLineWriter(PrintStream out, String threadName) {
        this(out, threadName, STALL_WAIT, DRAIN_LIMIT);
    }

    BackgroundLineWriter(PrintStream out, String threadName, Duration stallWait, Duration drainLimit) {
        this.out = requireNonNull(out, "out is null");
        this.stallWait = requireNonNull(stallWait, "stallWait is null");
        this.drainLimit = requireNonNull(drainLimit, "drainLimit is null");
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
        Bytes text = new Bytes(PIECE_BYTES);
        while ((!closed || !lines.isEmpty()) && !givenUp) {
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
            taken += batch.size();
            int pending = 0;
            for (String line : batch) {
                text.writeLine(line);
                pending++;
                if (text.size() >= PIECE_BYTES) {
                    write(text, pending);
                    pending = 0;
                }
            }
            if (pending > 0) {
                write(text, pending);
            }
            batch.clear();
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

    /** Writes the {@code count} lines {@code text} holds, unless the close gave them up, and empties it. */
    private void write(Bytes text, int count) {
        if (!givenUp) {
            // Bytes, not text: the print stream's encoder would copy the text twice more on its way out.
            text.copyTo(out);
            out.flush();
            written += count;
            lastWriteNanos = System.nanoTime();
        }
        text.clear();
    }

    /**
     * Writes what is queued and stops the writer thread; gives the lines not written yet up when the
     * stream takes none for the stall wait, or when the drain limit is reached.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        long started = System.nanoTime();
        while (writer.isAlive()) {
            long now = System.nanoTime();
            // The stall is counted from the close, or from the last write since.
            long lastWrite = lastWriteNanos;
            long sinceWrite = now - (lastWrite - started > 0 ? lastWrite : started);
            long wait = Math.min(stallWait.toNanos() - sinceWrite, drainLimit.toNanos() - (now - started));
            if (wait <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedJoin(writer, wait);
        }
        if (writer.isAlive()) {
            // Stuck in a write, or too slow: another write would wait on the same stream, and hold up the process's stop.
            givenUp = true;
            long unwritten = lines.size() + taken - written;
            if (System.nanoTime() - started < drainLimit.toNanos()) {
                log.warn("The {} stream took no line for {} s; stopping without the {} lines not written yet",
                        writer.getName(), stallWait.toSeconds(), unwritten);
            } else {
                log.warn("The {} stream took the lines too slowly to write them all within {} s; stopping without the {} lines not written yet",
                        writer.getName(), drainLimit.toSeconds(), unwritten);
            }
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

        /** Empties the buffer; one a long line made large is not kept for good. */
        void clear() {
            if (buf.length > MAX_KEPT_TEXT) {
                buf = new byte[PIECE_BYTES];
            }
            reset();
        }
    }
}
