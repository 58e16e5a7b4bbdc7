package dataapi.config;

import dataapi.tpch.ScaleFactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedConfigTest {
    @Test
    void memoryLimitsCountInDuckDbsDecimalUnits() {
        assertThat(limit("8192KB").memoryLimitBytes()).isEqualTo(8_192_000L);
        assertThat(limit("64MB").memoryLimitBytes()).isEqualTo(64_000_000L);
        assertThat(limit("3GB").memoryLimitBytes()).isEqualTo(3_000_000_000L);
    }

    @Test
    void aLimitWithoutAUnitOrBelow8MbIsRefused() {
        assertThatThrownBy(() -> limit("64")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64MB or 1GB");
        assertThatThrownBy(() -> limit("7999KB")).isInstanceOf(IllegalArgumentException.class).hasMessage("memory limit must be at least 8MB, the least DuckDB serves the reports in, got 7999KB");
        assertThat(limit("8000KB").memoryLimitBytes()).isEqualTo(8_000_000L);
    }

    @ParameterizedTest(name = "scale factor {0}, {1}, {2} threads: {3}")
    @CsvSource({
            // 32MB a connection at scale factor 10, and never more connections than threads.
            "10, 32MB, 2, 1",
            "10, 48MB, 2, 1",
            "10, 64MB, 2, 2",
            "10, 1GB, 2, 2",
            "10, 128MB, 8, 4",
            "10, 16MB, 4, 1",
            // The need grows with the data: 3.2MB a connection at scale factor 1, 96MB at 30.
            "1, 32MB, 2, 2",
            "1, 32MB, 16, 10",
            "30, 128MB, 2, 1",
            "30, 192MB, 4, 2",
            "0.01, 32MB, 2, 2",
    })
    void poolsAConnectionPerThreadAndPerShareOfDuckDbsMemory(String scale, String memoryLimit, int threads, int connections) {
        assertThat(limit(scale, memoryLimit, threads).connectionsWorthPooling()).isEqualTo(connections);
    }

    private static EmbeddedConfig limit(String memoryLimit) {
        return limit("1", memoryLimit, 1);
    }

    private static EmbeddedConfig limit(String scale, String memoryLimit, int threads) {
        return new EmbeddedConfig(Path.of("data"), ScaleFactor.parse(scale), memoryLimit, threads);
    }
}
