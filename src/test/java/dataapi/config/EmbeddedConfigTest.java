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

    private static EmbeddedConfig limit(String memoryLimit) {
        return new EmbeddedConfig(Path.of("data"), ScaleFactor.parse("1"), memoryLimit, 1);
    }
}
