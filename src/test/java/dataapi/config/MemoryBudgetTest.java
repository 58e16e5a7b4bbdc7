package dataapi.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBudgetTest {
    @Test
    void duckDbGetsAQuarterOfTheBudgetAtMostWhatTheHeapAndTheRestLeaveAndAtLeast32Megabytes() {
        // 256 - 64 heap - 192 for the rest of the process leaves nothing: the minimum.
        assertThat(new MemoryBudget(256L << 20, "test").duckDbShare(64L << 20)).isEqualTo("32MB");
        assertThat(new MemoryBudget(256L << 20, "test").duckDbShare(128L << 20)).isEqualTo("32MB");
        // A quarter: 512 - 128 - 192 leaves more.
        assertThat(new MemoryBudget(512L << 20, "test").duckDbShare(128L << 20)).isEqualTo("128MB");
        // 384 - 96 - 192 = 96, a quarter too
        assertThat(new MemoryBudget(384L << 20, "test").duckDbShare(96L << 20)).isEqualTo("96MB");
        // 320 - 80 - 192 = 48, less than a quarter
        assertThat(new MemoryBudget(320L << 20, "test").duckDbShare(80L << 20)).isEqualTo("48MB");
        assertThat(new MemoryBudget(8L << 30, "test").duckDbShare(2L << 30)).isEqualTo("2048MB");
        assertThat(new MemoryBudget(64L << 20, "test").duckDbShare(16L << 20)).isEqualTo("32MB");
    }

    @Test
    void maxRamOfAJvmIsTheBudget() throws Exception {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:MaxRAM=256m", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), MemoryBudgetProbe.class.getName())
                .redirectErrorStream(true).start();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> output = new String(java.getInputStream().readAllBytes()).lines().toList();

        assertThat(output).contains((256L << 20) + " -XX:MaxRAM 32MB");
    }

    /** Prints what a JVM started with given flags computes. */
    public static final class MemoryBudgetProbe {
        public static void main(String[] args) {
            MemoryBudget budget = MemoryBudget.ofThisProcess();
            System.out.println(budget.bytes() + " " + budget.source() + " " + budget.duckDbShare(Runtime.getRuntime().maxMemory()));
        }
    }
}
