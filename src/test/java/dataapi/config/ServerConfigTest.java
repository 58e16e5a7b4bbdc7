package dataapi.config;

import dataapi.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {
    /** The metrics port is a port, and not the API's one: two listeners cannot share it. Two free ports (0) are two ports. */
    @Test
    void theMetricsPortIsAnotherPortThanTheApis() {
        assertThatThrownBy(() -> withPorts(8001, OptionalInt.of(8001))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metrics port must differ from the port, both are 8001");
        assertThatThrownBy(() -> withPorts(8001, OptionalInt.of(65536))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metrics port must be between 0 and 65535, got 65536");
        assertThatThrownBy(() -> withPorts(8001, OptionalInt.of(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(withPorts(0, OptionalInt.of(0)).metricsPort()).hasValue(0);
        assertThat(withPorts(8001, OptionalInt.of(9001)).metricsPort()).hasValue(9001);
        assertThat(withPorts(8001, OptionalInt.empty()).metricsPort()).isEmpty();
    }

    private static ServerConfig withPorts(int port, OptionalInt metricsPort) {
        ServerConfig base = TestData.serverConfig(Path.of("data"));
        return new ServerConfig(base.host(), port, metricsPort, base.embedded(), base.poolSize(), base.poolWait(), base.cache(), base.warehouse(),
                base.ordersTable(), base.postgres(), base.snowflake(), base.limits(), base.access(), base.declaredEndpoints());
    }
}
