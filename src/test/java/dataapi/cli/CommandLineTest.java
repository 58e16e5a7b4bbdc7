package dataapi.cli;

import dataapi.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @CsvSource({
            "serve, --port, abc, --port",
            "serve, --port, 70000, --port",
            "serve, --port, -1, --port",
            "serve, --scale, 0.001, --scale",
            "serve, --scale, 101, --scale",
            "serve, --scale, ten, --scale",
            "serve, --pool-size, 0, --pool-size",
            "serve, --pool-wait, forever, --pool-wait",
            "serve, --memory-limit, lots, --memory-limit",
            "generate, --scale, 0, --scale",
            "generate, --threads, -2, --threads",
            "serve, --auth, nope, --auth",
            "serve, --tls-cert, cert.pem, --tls-key",
            "serve, --cors-origin, *, --cors-origin",
            "admin, --auth-store, mysql, --auth-store",
    })
    void aWrongFlagValueIsOneLineNamingTheFlagAndExitCode2(String command, String flag, String value, String named) {
        int exit = run(command, flag, value);

        assertThat(exit).isEqualTo(2);
        String message = err.toString();
        assertThat(message.lines()).hasSize(1);
        assertThat(message).contains(named).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anUnknownFlagIsOneLineAndExitCode2() {
        assertThat(run("serve", "--prot", "8001")).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("--prot");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "generate"})
    void everyCommandHasHelpListingItsFlagsAndTheirEnvironmentVariables(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString()).contains("--scale", "--data-dir", "DATAAPI_SCALE", "DATAAPI_DATA_DIR");
        if (command.equals("serve")) {
            assertThat(out.toString()).contains("--port", "--host", "DATAAPI_PORT", "DATAAPI_HOST", "8001");
        }
    }

    @Test
    void adminHasHelpForEveryForm() {
        assertThat(run("admin", "--help")).isZero();
        assertThat(out.toString()).contains("user", "role", "grant", "revoke", "pat");
        assertThat(run("admin", "pat", "add", "--help")).isZero();
        assertThat(out.toString()).contains("--role", "--days", "--out", "--data-dir", "--auth-store");
    }

    @Test
    void theTopCommandHasHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve", "generate", "admin", "call", "client");
    }
}
