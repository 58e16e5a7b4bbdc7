package dataapi.tpch;

import io.trino.tpch.Distributions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * Writes dbgen's ORDERS rows ({@link DbgenOrders}) as '|'-delimited text, generated in parallel,
 * for a warehouse to bulk-load, which is far faster than appending row by row through JDBC:
 * <ul>
 * <li>{@link #write(Path, Consumer)}: one file per part and order month, for DuckDB's read_csv.
 * Bucketing by month lets DuckDB store the table clustered by {@code o_orderdate} by reading the
 * files in month order, without sorting 15 million rows; the reports filter on that date, so zone
 * maps then skip whatever is outside a request's range.
 * <li>{@link #stream(OutputStream, Consumer)}: every row to one stream, for PostgreSQL's COPY, which
 * then loads while the rows are generated, and nothing is written to disk on the way (the loader
 * has PostgreSQL store the table in date order).
 * </ul>
 */
final class OrdersTextWriter {
    private static final int PROGRESS_STEP = 10_000;
    /** Months from 1992-01 of each order date, by days from 1992-01-01. */
    private static final int[] MONTH_OF_DAY = OrderDates.FIRST.datesUntil(OrderDates.LAST.plusDays(1))
            .mapToInt(date -> (date.getYear() - OrderDates.FIRST.getYear()) * 12 + date.getMonthValue() - 1)
            .toArray();

    /** One output file: the rows of one part whose order date falls in one month. */
    record Bucket(int month, int part, Path file) {
    }

    private final ScaleFactor scale;
    private final int parts;

    OrdersTextWriter(ScaleFactor scale, int parts) {
        this.scale = requireNonNull(scale, "scale is null");
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be positive");
        }
        this.parts = parts;
    }

    /**
     * Writes the rows into month files in {@code directory} and returns the files in order-date
     * order, showing rows, rate and time left every second.
     */
    List<Path> write(Path directory, Consumer<String> progressOut) throws IOException, InterruptedException {
        List<MonthFiles> files = IntStream.rangeClosed(1, parts).mapToObj(part -> new MonthFiles(directory, part)).toList();
        generate(files, progressOut);
        return files.stream()
                .flatMap(partFiles -> partFiles.buckets().stream())
                .sorted(Comparator.comparingInt(Bucket::month).thenComparingInt(Bucket::part))
                .map(Bucket::file)
                .toList();
    }

    /**
     * Writes every row to {@code out}, in no particular order, showing rows, rate and time left
     * every second. The parts take turns: each write holds whole lines only. {@code out} is left open.
     */
    void stream(OutputStream out, Consumer<String> progressOut) throws IOException, InterruptedException {
        OutputStream turns = new TurnTakingStream(out);
        generate(IntStream.rangeClosed(1, parts).mapToObj(part -> new OneBuffer(new LineBuffer(turns))).toList(), progressOut);
    }

    /** Generates part {@code i + 1}'s rows into {@code outputs.get(i)}. */
    private void generate(List<? extends PartOutput> outputs, Consumer<String> progressOut) throws IOException, InterruptedException {
        try (Progress progress = new Progress("ORDERS " + scale.label(), scale.orderCount(), Duration.ofSeconds(1), progressOut)) {
            generate(outputs, progress);
            progress.finish();
        }
    }

    private void generate(List<? extends PartOutput> outputs, Progress progress) throws IOException, InterruptedException {
        Distributions distributions = Distributions.getDefaultDistributions();
        DbgenTextPool textPool;
        try {
            textPool = DbgenTextPool.build(DbgenTextPool.SIZE, distributions, parts);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts, runnable -> {
            Thread thread = new Thread(runnable, "tpch-orders");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int part = 1; part <= parts; part++) {
                DbgenOrders orders = new DbgenOrders(scale, part, parts, textPool, distributions);
                PartOutput output = outputs.get(part - 1);
                futures.add(pool.submit(() -> writePart(orders, output, progress)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof OutOfMemoryError outOfMemory) {
                throw outOfMemory(outOfMemory);
            }
            throw new IllegalStateException("generating ORDERS failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** dbgen's text pool alone is 300 MB (direct memory, which -Xmx also bounds), more than a small container's whole heap. */
    private static IllegalStateException outOfMemory(OutOfMemoryError e) {
        return new IllegalStateException("generating ORDERS ran out of memory: the generator needs about 512 MB of Java memory;"
                + " generate elsewhere or with more memory (java -Xmx512m -jar dataapi.jar generate) and serve the file", e);
    }

    private static void writePart(DbgenOrders orders, PartOutput output, Progress progress) {
        long pending = 0;
        try (output) {
            while (orders.next()) {
                orders.appendLine(output.buffer(MONTH_OF_DAY[orders.day()]));
                if (++pending == PROGRESS_STEP) {
                    progress.add(pending);
                    pending = 0;
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IllegalStateException("interrupted");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.add(pending);
    }

    /** Where one part's rows go: a buffer for each order month, written out when full and on close. */
    private interface PartOutput extends AutoCloseable {
        LineBuffer buffer(int month) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** One part's rows of every month in one buffer. */
    private record OneBuffer(LineBuffer lines) implements PartOutput {
        @Override
        public LineBuffer buffer(int month) throws IOException {
            lines.flushWhenFull();
            return lines;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /**
     * The parts' buffers written to one stream, one buffer at a time, so that lines never
     * interleave; closing a part's buffer leaves the stream open. Once a write has failed, every
     * part's next write fails with that first failure, so that whichever part is reported names the cause.
     */
    private static final class TurnTakingStream extends OutputStream {
        private final OutputStream out;
        private IOException failure;

        TurnTakingStream(OutputStream out) {
            this.out = requireNonNull(out, "out is null");
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            synchronized (out) {
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
                try {
                    out.write(bytes, offset, length);
                } catch (IOException e) {
                    failure = e;
                    throw e;
                }
            }
        }
    }

    /** The open month files of one part, each behind its own buffer. */
    private static final class MonthFiles implements PartOutput {
        private final Path directory;
        private final int part;
        private final List<LineBuffer> buffers = new ArrayList<>();
        private final List<Bucket> buckets = new ArrayList<>();

        MonthFiles(Path directory, int part) {
            this.directory = directory;
            this.part = part;
        }

        @Override
        public LineBuffer buffer(int month) throws IOException {
            while (buffers.size() <= month) {
                buffers.add(null);
            }
            LineBuffer buffer = buffers.get(month);
            if (buffer == null) {
                Path file = directory.resolve("orders-" + month + "-" + part + ".tbl");
                buffer = new LineBuffer(Files.newOutputStream(file));
                buffers.set(month, buffer);
                buckets.add(new Bucket(month, part, file));
            } else {
                buffer.flushWhenFull();
            }
            return buffer;
        }

        List<Bucket> buckets() {
            return buckets;
        }

        @Override
        public void close() throws IOException {
            for (LineBuffer buffer : buffers) {
                if (buffer != null) {
                    buffer.close();
                }
            }
        }
    }
}
