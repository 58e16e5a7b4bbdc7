package dataapi.config;

import dataapi.tpch.ScaleFactor;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * The embedded DuckDB warehouse filled with generated TPC-H data.
 *
 * @param dataDir where the database files live, one per scale factor
 * @param scale the TPC-H scale factor to serve
 * @param memoryLimit DuckDB's buffer pool limit while serving, e.g. {@code 64MB}
 * @param threads threads DuckDB may use: for generation, and shared by the pooled connections while serving
 */
public record EmbeddedConfig(Path dataDir, ScaleFactor scale, String memoryLimit, int threads) {
    /**
     * DuckDB's memory one pooled connection needs at scale factor 10: a query summing seven years
     * by customer key ranges runs in 32MB alone, but two side by side in 32MB run out; at scale
     * factor 1 two run side by side in 32MB (bench/RESULTS.md). The need grows with the data: the
     * more customers, the more key ranges, and each range's scan needs memory of its own.
     */
    private static final long MEMORY_PER_CONNECTION_AT_SF10 = 32_000_000L;
    /**
     * The least DuckDB serves the reports in: at scale factor 10, 8MB answers a top 10 (in more key
     * ranges), 4MB runs out of memory, and 1MB cannot even read the file's first blocks.
     */
    private static final String MINIMUM_MEMORY_LIMIT = "8MB";

    public EmbeddedConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(scale, "scale is null");
        requireNonNull(memoryLimit, "memoryLimit is null");
        checkMemoryLimit(memoryLimit);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /**
     * Checks a memory limit as DuckDB takes it, such as {@code 64MB}, of at least {@link #MINIMUM_MEMORY_LIMIT}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkMemoryLimit(String memoryLimit) {
        if (!memoryLimit.matches("[0-9]+(KB|MB|GB)")) {
            throw new IllegalArgumentException("memory limit must look like 64MB or 1GB, got " + memoryLimit);
        }
        if (bytes(memoryLimit) < bytes(MINIMUM_MEMORY_LIMIT)) {
            throw new IllegalArgumentException("memory limit must be at least " + MINIMUM_MEMORY_LIMIT
                    + ", the least DuckDB serves the reports in, got " + memoryLimit);
        }
    }

    /** The memory limit in bytes, with DuckDB's decimal units (1MB = 1,000,000 bytes). */
    public long memoryLimitBytes() {
        return bytes(memoryLimit);
    }

    private static long bytes(String size) {
        int unit = size.length() - 2;
        long multiplier = switch (size.substring(unit)) {
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        return Long.parseLong(size.substring(0, unit)) * multiplier;
    }

    /**
     * Connections worth pooling: DuckDB's queries run in this process and use every thread, so
     * more connections than threads only make them take turns, and each needs its share of the
     * memory limit, in proportion to the data; with fewer connections each query gets more of the threads.
     */
    public int connectionsWorthPooling() {
        long perConnection = Math.max(1, (long) (MEMORY_PER_CONNECTION_AT_SF10 * scale.asDouble() / 10));
        return (int) Math.max(1, Math.min(threads, memoryLimitBytes() / perConnection));
    }
}
