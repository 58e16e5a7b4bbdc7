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
    void poolsAConnectionPerThreadAndPer32MbOfDuckDbsMemory() {
        assertThat(limit("32MB", 2).connectionsWorthPooling()).isEqualTo(1);
        assertThat(limit("48MB", 2).connectionsWorthPooling()).isEqualTo(1);
        assertThat(limit("64MB", 2).connectionsWorthPooling()).isEqualTo(2);
        assertThat(limit("1GB", 2).connectionsWorthPooling()).isEqualTo(2);
        assertThat(limit("128MB", 8).connectionsWorthPooling()).isEqualTo(4);
        assertThat(limit("16MB", 4).connectionsWorthPooling()).isEqualTo(1);
    }

    private static EmbeddedConfig limit(String memoryLimit) {
        return limit(memoryLimit, 1);
    }

    private static EmbeddedConfig limit(String memoryLimit, int threads) {
        return new EmbeddedConfig(Path.of("data"), ScaleFactor.parse("1"), memoryLimit, threads);
    }
}
