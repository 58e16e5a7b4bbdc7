package dataapi.tpch;

import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Writes the ORDERS rows of dbgen (via trino-tpch, which is byte-identical to it) as
 * '|'-delimited text files, one per part, generated in parallel. Each warehouse then bulk-loads
 * the parts (DuckDB's read_csv, PostgreSQL's COPY), which is far faster than appending row by
 * row through JDBC.
 */
final class OrdersTextWriter {
    private static final int PROGRESS_STEP = 10_000;

    private final ScaleFactor scale;
    private final int parts;

    OrdersTextWriter(ScaleFactor scale, int parts) {
        this.scale = requireNonNull(scale, "scale is null");
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be positive");
        }
        this.parts = parts;
    }

    /** Writes the parts into {@code directory}, showing rows, rate and time left every second. */
    List<Path> write(Path directory, Consumer<String> progressOut) throws IOException, InterruptedException {
        try (Progress progress = new Progress("ORDERS " + scale.label(), scale.orderCount(), Duration.ofSeconds(1), progressOut)) {
            List<Path> files = write(directory, progress);
            progressOut.accept(progress.line());
            return files;
        }
    }

    /** Writes {@code parts} files into {@code directory} and returns their paths. */
    List<Path> write(Path directory, Progress progress) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parts, runnable -> {
            Thread thread = new Thread(runnable, "tpch-orders");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (int part = 1; part <= parts; part++) {
                Path file = directory.resolve("orders-" + part + ".tbl");
                int partNumber = part;
                futures.add(pool.submit(() -> writePart(partNumber, file, progress)));
            }
            List<Path> files = new ArrayList<>();
            for (Future<Path> future : futures) {
                files.add(future.get());
            }
            return files;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("generating ORDERS failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Path writePart(int part, Path file, Progress progress) {
        StringBuilder line = new StringBuilder(256);
        long pending = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII), 1 << 20)) {
            for (Order order : new OrderGenerator(scale.asDouble(), part, parts)) {
                line.setLength(0);
                appendLine(line, order);
                out.append(line);
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
        return file;
    }

    /** One row in the column order of {@link EmbeddedTpch#ORDERS_COLUMNS}, without dbgen's trailing '|'. */
    static void appendLine(StringBuilder line, Order order) {
        long cents = order.getTotalPriceInCents();
        line.append(order.getOrderKey()).append('|')
                .append(order.getCustomerKey()).append('|')
                .append(order.getOrderStatus()).append('|')
                .append(cents / 100).append('.');
        long fraction = cents % 100;
        if (fraction < 10) {
            line.append('0');
        }
        line.append(fraction).append('|')
                .append(LocalDate.ofEpochDay(order.getOrderDate())).append('|')
                .append(order.getOrderPriority()).append('|')
                .append(order.getClerk()).append('|')
                .append(order.getShipPriority()).append('|')
                .append(order.getComment()).append('\n');
    }
}
