package dataapi.cli;

import dataapi.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dataapi serve} as a process of its own, with an environment and a class loader of its own. */
class ServeProcessTest {
    @Test
    void theEmbeddedWarehouseLoadsNoSnowflakeSnowparkOrScalaClass(@TempDir Path dataDir) throws Exception {
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, "-verbose:class", "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString(), "--threads", "2");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log, UTF_8).contains("Ready in") && serve.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> lines = Files.readAllLines(log, UTF_8);
            assertThat(lines).as("the server started").anySatisfy(line -> assertThat(line).contains("Ready in"));
            List<String> loaded = lines.stream().filter(line -> line.startsWith("[") && line.contains("[class,load] ")).toList();
            // The check sees what is loaded: DuckDB's driver is.
            assertThat(loaded).anySatisfy(line -> assertThat(line).contains(" org.duckdb.DuckDBConnection "));
            assertThat(loaded).noneSatisfy(line -> assertThat(line)
                    .containsAnyOf(" net.snowflake.", " com.snowflake.", " scala.", " dataapi.warehouse.snowflake."));
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingSnowflakeSettingIsOneLineNamingItAndExitCode2(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Process serve = start(Map.of("DATAAPI_WAREHOUSE", "snowflake", "SNOWFLAKE_ACCOUNT", "myorg-myaccount",
                "SNOWFLAKE_USER", "API_USER", "SNOWFLAKE_PASSWORD", "secret"), log, null, "serve");
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(serve.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(log, UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("dataapi serve: SNOWFLAKE_WAREHOUSE is not set").doesNotContain("secret");
    }

    @Test
    void contradictorySnowflakeSettingsAreOneLineNamingThemAndExitCode2(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), "not used");
        Process serve = start(Map.of("SNOWFLAKE_ACCOUNT", "myorg-myaccount", "SNOWFLAKE_USER", "API_USER",
                "SNOWFLAKE_WAREHOUSE", "DATA_API_WH", "SNOWFLAKE_PASSWORD", "secret", "SNOWFLAKE_PRIVATE_KEY_FILE", key.toString()),
                log, null, "serve", "--warehouse", "snowflake");
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(serve.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(log, UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY_FILE").doesNotContain("secret");
    }

    /** The server's own class path, and only the given environment (PATH aside). */
    private static Process start(Map<String, String> environment, Path log, String jvmOption, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (jvmOption != null) {
            command.add(jvmOption);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dataapi.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(environment);
        return builder.start();
    }
}
