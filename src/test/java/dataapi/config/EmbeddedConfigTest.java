package dataapi.config;

import dataapi.tpch.ScaleFactor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedConfigTest {
    @Test
    void memoryLimitsCountInDuckDbsDecimalUnits() {
        assertThat(limit("512KB").memoryLimitBytes()).isEqualTo(512_000L);
        assertThat(limit("64MB").memoryLimitBytes()).isEqualTo(64_000_000L);
        assertThat(limit("3GB").memoryLimitBytes()).isEqualTo(3_000_000_000L);
    }

    @Test
    void aLimitWithoutAUnitIsRefused() {
        assertThatThrownBy(() -> limit("64")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64MB or 1GB");
    }

    @Test
    void poolsAConnectionPerThreadAndPer32MbOfDuckDbsMemoryAtScaleFactor10() {
        assertThat(limit("10", "32MB", 2).connectionsWorthPooling()).isEqualTo(1);
        assertThat(limit("10", "48MB", 2).connectionsWorthPooling()).isEqualTo(1);
        assertThat(limit("10", "64MB", 2).connectionsWorthPooling()).isEqualTo(2);
        assertThat(limit("10", "1GB", 2).connectionsWorthPooling()).isEqualTo(2);
        assertThat(limit("10", "128MB", 8).connectionsWorthPooling()).isEqualTo(4);
        assertThat(limit("10", "16MB", 4).connectionsWorthPooling()).isEqualTo(1);
    }

    @Test
    void theMemoryAConnectionNeedsGrowsWithTheScaleFactor() {
        // 3.2 MB a connection at scale factor 1, 96 MB at 30.
        assertThat(limit("1", "32MB", 2).connectionsWorthPooling()).isEqualTo(2);
        assertThat(limit("1", "32MB", 16).connectionsWorthPooling()).isEqualTo(10);
        assertThat(limit("30", "128MB", 2).connectionsWorthPooling()).isEqualTo(1);
        assertThat(limit("30", "192MB", 4).connectionsWorthPooling()).isEqualTo(2);
        assertThat(limit("0.01", "32MB", 2).connectionsWorthPooling()).isEqualTo(2);
    }

    private static EmbeddedConfig limit(String memoryLimit) {
        return limit("1", memoryLimit, 1);
    }

    private static EmbeddedConfig limit(String scale, String memoryLimit, int threads) {
        return new EmbeddedConfig(Path.of("data"), ScaleFactor.parse(scale), memoryLimit, threads);
    }
}
