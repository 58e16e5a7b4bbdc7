package dataapi.config;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/**
 * The memory this process may use: the container's limit (the JVM reads the cgroup), or
 * {@code -XX:MaxRAM} when it is set lower, so that one setting sizes both the Java heap (by the
 * JVM's own ergonomics) and DuckDB's buffer pool (by {@link #duckDbShare(long)}).
 */
public record MemoryBudget(long bytes, String source) {
    /** DuckDB's part of the budget, at most; the heap takes its own share by the JVM's ergonomics or -Xmx. */
    private static final double DUCKDB_SHARE = 0.25;
    private static final long DUCKDB_MINIMUM = 32L << 20;
    /**
     * What the process holds besides the heap and DuckDB's limit: classes, code, threads, native
     * buffers, DuckDB's memory beyond its limit, and the libraries mapped in. Measured at scale
     * factor 10 under a minute of cold load with deploy/jvm.args: a peak RSS of 287 MB with a
     * 64 MB heap and a 34MB DuckDB (bench/RESULTS.md).
     */
    private static final long OTHER_MEMORY = 192L << 20;

    public static MemoryBudget ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        long total = os.getTotalMemorySize();
        VMOption maxRam = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("MaxRAM");
        if (maxRam.getOrigin() != VMOption.Origin.DEFAULT) {
            long limit = Long.parseLong(maxRam.getValue());
            if (limit < total) {
                return new MemoryBudget(limit, "-XX:MaxRAM");
            }
        }
        return new MemoryBudget(total, "container or machine memory");
    }

    /**
     * DuckDB's memory_limit: a quarter of the budget, but no more than what the heap and the rest
     * of the process leave, and at least 32 MB (in 256 MB with a 64 MB heap nothing is left, so 32 MB).
     *
     * @param maxHeap the most the Java heap may grow to
     */
    public String duckDbShare(long maxHeap) {
        long share = Math.min((long) (bytes * DUCKDB_SHARE), bytes - maxHeap - OTHER_MEMORY);
        return (Math.max(DUCKDB_MINIMUM, share) >> 20) + "MB";
    }
}
