package dataapi.tpch;

import io.trino.tpch.Distributions;

import java.io.IOException;
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

import static java.util.Objects.requireNonNull;

/**
 * Writes dbgen's ORDERS rows ({@link DbgenOrders}) as '|'-delimited text files, generated in
 * parallel, one file per part and order month. Each warehouse then bulk-loads them (DuckDB's
 * read_csv, PostgreSQL's COPY), which is far faster than appending row by row through JDBC.
 *
 * <p>Bucketing by month lets a loader store the table clustered by {@code o_orderdate} by
 * reading the files in month order, without sorting 15 million rows; the reports filter on that
 * date, so zone maps and indexes then skip whatever is outside a request's range.
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

    /** Writes the files into {@code directory}, showing rows, rate and time left every second. */
    List<Path> write(Path directory, Consumer<String> progressOut) throws IOException, InterruptedException {
        try (Progress progress = new Progress("ORDERS " + scale.label(), scale.orderCount(), Duration.ofSeconds(1), progressOut)) {
            List<Path> files = write(directory, progress);
            progressOut.accept(progress.line());
            return files;
        }
    }

    /** Writes the files into {@code directory} and returns them in order-date order. */
    List<Path> write(Path directory, Progress progress) throws IOException, InterruptedException {
        Distributions distributions = Distributions.getDefaultDistributions();
        DbgenTextPool textPool;
        try {
            textPool = DbgenTextPool.build(DbgenTextPool.SIZE, distributions);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts, runnable -> {
            Thread thread = new Thread(runnable, "tpch-orders");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<Bucket>>> futures = new ArrayList<>();
            for (int part = 1; part <= parts; part++) {
                DbgenOrders orders = new DbgenOrders(scale, part, parts, textPool, distributions);
                int partNumber = part;
                futures.add(pool.submit(() -> writePart(orders, partNumber, directory, progress)));
            }
            List<Bucket> buckets = new ArrayList<>();
            for (Future<List<Bucket>> future : futures) {
                buckets.addAll(future.get());
            }
            return buckets.stream()
                    .sorted(Comparator.comparingInt(Bucket::month).thenComparingInt(Bucket::part))
                    .map(Bucket::file)
                    .toList();
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

    private List<Bucket> writePart(DbgenOrders orders, int part, Path directory, Progress progress) {
        MonthFiles files = new MonthFiles(directory, part);
        long pending = 0;
        try (files) {
            while (orders.next()) {
                orders.appendLine(files.buffer(MONTH_OF_DAY[orders.day()]));
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
        return files.buckets();
    }

    /** The open month files of one part, each behind its own buffer. */
    private static final class MonthFiles implements AutoCloseable {
        private final Path directory;
        private final int part;
        private final List<LineBuffer> buffers = new ArrayList<>();
        private final List<Bucket> buckets = new ArrayList<>();

        MonthFiles(Path directory, int part) {
            this.directory = directory;
            this.part = part;
        }

        LineBuffer buffer(int month) throws IOException {
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
