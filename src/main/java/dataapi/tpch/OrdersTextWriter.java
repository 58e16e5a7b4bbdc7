package dataapi.tpch;

import io.trino.tpch.Distributions;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import io.trino.tpch.TextPool;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
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
 * Writes the ORDERS rows of dbgen (via trino-tpch, which is byte-identical to it) as
 * '|'-delimited text files, generated in parallel, one file per part and order month. Each
 * warehouse then bulk-loads them (DuckDB's read_csv, PostgreSQL's COPY), which is far faster than
 * appending row by row through JDBC.
 *
 * <p>Bucketing by month lets a loader store the table clustered by {@code o_orderdate} by
 * reading the files in month order, without sorting 15 million rows; the reports filter on that
 * date, so zone maps and indexes then skip whatever is outside a request's range.
 */
final class OrdersTextWriter {
    private static final int PROGRESS_STEP = 10_000;
    private static final int FLUSH_AT = 1 << 20;
    private static final LocalDate FIRST_DAY = OrderDates.FIRST;
    private static final int DAYS = (int) (OrderDates.LAST.toEpochDay() - FIRST_DAY.toEpochDay()) + 1;
    private static final byte[][] DATE_TEXT = new byte[DAYS][];

    static {
        for (int day = 0; day < DAYS; day++) {
            DATE_TEXT[day] = FIRST_DAY.plusDays(day).toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

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
        TextPool textPool;
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
                OrderGenerator orders = new OrderGenerator(scale.asDouble(), part, parts, distributions, textPool);
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

    /** dbgen's text pool alone is 300 MB, more than a small container's whole heap. */
    private static IllegalStateException outOfMemory(OutOfMemoryError e) {
        return new IllegalStateException("generating ORDERS ran out of memory: the generator needs about 1 GB of Java heap;"
                + " generate elsewhere or with more memory (java -Xmx1g -jar dataapi.jar generate) and serve the file", e);
    }

    private List<Bucket> writePart(OrderGenerator orders, int part, Path directory, Progress progress) {
        MonthFiles files = new MonthFiles(directory, part);
        long pending = 0;
        try (files) {
            for (Order order : orders) {
                int day = (int) (order.getOrderDate() - FIRST_DAY.toEpochDay());
                appendLine(files.buffer(monthOf(day)), order, day);
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

    private static int monthOf(int day) {
        LocalDate date = FIRST_DAY.plusDays(day);
        return (date.getYear() - FIRST_DAY.getYear()) * 12 + date.getMonthValue() - 1;
    }

    /** One row, columns in TPC-H order, without dbgen's trailing '|'. */
    static void appendLine(LineBuffer line, Order order, int day) {
        long cents = order.getTotalPriceInCents();
        line.append(order.getOrderKey()).append('|')
                .append(order.getCustomerKey()).append('|')
                .append(order.getOrderStatus()).append('|')
                .append(cents / 100).append('.').append((char) ('0' + cents % 100 / 10)).append((char) ('0' + cents % 10)).append('|')
                .append(DATE_TEXT[day]).append('|')
                .append(order.getOrderPriority()).append('|')
                .append(order.getClerk()).append('|')
                .append(order.getShipPriority()).append('|')
                .append(order.getComment()).append('\n');
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
            } else if (buffer.size() >= FLUSH_AT) {
                buffer.flush();
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

    /** An ASCII line builder over an output stream: numbers and text go straight to bytes. */
    static final class LineBuffer implements AutoCloseable {
        private final OutputStream out;
        private byte[] bytes = new byte[FLUSH_AT + 4096];
        private int size;
        private final byte[] digits = new byte[20];

        LineBuffer(OutputStream out) {
            this.out = out;
        }

        int size() {
            return size;
        }

        LineBuffer append(char c) {
            ensure(1);
            bytes[size++] = (byte) c;
            return this;
        }

        LineBuffer append(byte[] text) {
            ensure(text.length);
            System.arraycopy(text, 0, bytes, size, text.length);
            size += text.length;
            return this;
        }

        /** TPC-H text is ASCII, so each char is one byte. */
        LineBuffer append(String text) {
            int length = text.length();
            ensure(length);
            for (int i = 0; i < length; i++) {
                bytes[size + i] = (byte) text.charAt(i);
            }
            size += length;
            return this;
        }

        LineBuffer append(long value) {
            if (value < 0) {
                append('-');
                value = -value;
            }
            int count = 0;
            do {
                digits[count++] = (byte) ('0' + value % 10);
                value /= 10;
            } while (value != 0);
            ensure(count);
            for (int i = count - 1; i >= 0; i--) {
                bytes[size++] = digits[i];
            }
            return this;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void flush() throws IOException {
            out.write(bytes, 0, size);
            size = 0;
        }

        @Override
        public void close() throws IOException {
            try (out) {
                flush();
            }
        }
    }
}
