package dataapi.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheTtlTest {
    @Test
    void aWrittenLifetimeIsTheSameOnEveryWarehouse() {
        Map<String, CacheLifetime> written = Map.of(
                "forever", CacheLifetime.FOREVER,
                "off", CacheLifetime.OFF,
                " 90s ", CacheLifetime.of(Duration.ofSeconds(90)),
                "500ms", CacheLifetime.of(Duration.ofMillis(500)),
                "5m", CacheLifetime.of(Duration.ofMinutes(5)),
                "2h", CacheLifetime.of(Duration.ofHours(2)));
        written.forEach((text, lifetime) -> {
            for (WarehouseKind warehouse : WarehouseKind.values()) {
                assertThat(CacheTtl.parse(text).resolve(warehouse)).as(text + " on " + warehouse).isEqualTo(lifetime);
            }
        });
        assertThat(CacheLifetime.OFF.cached()).isFalse();
        assertThat(CacheLifetime.FOREVER.expires()).isFalse();
        assertThat(CacheLifetime.of(Duration.ofMillis(500)).expires()).isTrue();
    }

    /** The embedded data cannot change while it is served; the other warehouses' tables can. */
    @Test
    void autoIsForeverOnTheEmbeddedDataAndAMinuteElsewhere() {
        assertThat(CacheTtl.parse("auto").resolve(WarehouseKind.DUCKDB)).isEqualTo(CacheLifetime.FOREVER);
        assertThat(CacheTtl.parse("auto").resolve(WarehouseKind.POSTGRES)).isEqualTo(CacheLifetime.of(Duration.ofMinutes(1)));
        assertThat(CacheTtl.parse("auto").resolve(WarehouseKind.SNOWFLAKE)).isEqualTo(CacheLifetime.of(Duration.ofMinutes(1)));
    }

    @Test
    void anythingElseIsRefusedNamingIt() {
        for (String wrong : List.of("0s", "0", "", "always", "5 minutes", "1d", "-1s", "Off")) {
            assertThatThrownBy(() -> CacheTtl.parse(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + wrong + "' is not auto, forever, off or a duration such as 500ms, 5s, 1m or 1h");
        }
    }
}
