package dataapi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dataapi.Await;
import dataapi.Main;
import dataapi.StandardError;
import dataapi.TestPostgres;
import dataapi.TestTls;
import dataapi.config.RequestRate;
import dataapi.config.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** As {@code dataapi ARGS} runs them. */
    private int run(String... args) {
        CommandLine cli = Main.commandLineFor(args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @CsvSource({
            "serve, --port, abc, --port",
            "serve, --port, 70000, --port",
            "serve, --port, -1, --port",
            "serve, --metrics-port, abc, --metrics-port",
            "serve, --metrics-port, 70000, --metrics-port",
            "serve, --metrics-port, -1, --metrics-port",
            "serve, --scale, 0.001, --scale",
            "serve, --scale, 101, --scale",
            "serve, --scale, ten, --scale",
            "serve, --pool-size, -1, --pool-size",
            "serve, --pool-wait, forever, --pool-wait",
            "serve, --pool-wait, 50ms, --pool-wait",
            "serve, --memory-limit, lots, --memory-limit",
            "serve, --memory-limit, 7MB, --memory-limit",
            "serve, --memory-limit, 1KB, --memory-limit",
            "serve, --cache-size, 12, --cache-size",
            "serve, --cache-ttl, always, --cache-ttl",
            "serve, --cache-ttl, 0s, --cache-ttl",
            "serve, --warehouse, oracle, --warehouse",
            "serve, --orders-table, 'ORDERS; DROP TABLE ORDERS', --orders-table",
            "generate, --scale, 0, --scale",
            "generate, --threads, -2, --threads",
            "serve, --auth, nope, --auth",
            "serve, --tls-cert, cert.pem, --tls-key",
            "serve, --cors-origin, *, --cors-origin",
            "serve, --trusted-proxy, proxy.internal, --trusted-proxy",
            "serve, --trusted-proxy, 10.1.2.3/8, --trusted-proxy",
            "admin, --auth-store, mysql, --auth-store",
            "generate, --warehouse, '', --warehouse",
            "serve, --statement-timeout, 0s, --statement-timeout",
            "serve, --max-concurrent, 0, --max-concurrent",
            "serve, --max-concurrent-per-caller, x, --max-concurrent-per-caller",
            "serve, --shutdown-grace, soon, --shutdown-grace",
            "serve, --host, 192.0.2.1, --host",
            "serve, --host, 999.1.1.1, --host",
            "serve, --host, no-such-host.invalid, --host",
            "serve, --max-result-size, 0, --max-result-size",
            "serve, --max-result-size, 512, --max-result-size",
            "serve, --max-result-size, 100KiB, --max-result-size",
            "serve, --rate-limit, 10, --rate-limit",
            "serve, --rate-limit, 10/h, --rate-limit",
            "serve, --rate-limit, 0/s, --rate-limit",
            "serve, --rate-limit, -1/s, --rate-limit",
            "serve, --rate-limit, ten/min, --rate-limit",
            "serve, --rate-limit, 1000001/s, --rate-limit",
            "serve, --rate-limit, '', --rate-limit",
            "generate, --scale, 1.5, --scale",
            "serve, --scale, 0.0125, --scale",
    })
    void aWrongFlagValueIsOneLineNamingTheFlagAndExitCode2(String command, String flag, String value, String named) {
        int exit = run(command, flag, value);

        assertThat(exit).isEqualTo(2);
        String message = err.toString();
        assertThat(message.lines()).hasSize(1);
        assertThat(message).contains(named).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "serve --warehouse postgres | --jdbc-url",
            "generate --warehouse postgres --jdbc-user x | --jdbc-url",
            "serve --warehouse postgres --jdbc-url jdbc:mysql://db/x | jdbc:postgresql:",
            "admin --auth-store postgres --auth-store-url jdbc:mysql://db/x role list | --auth-store-url: the auth store URL must start with jdbc:postgresql:",
            "serve --jdbc-url jdbc:postgresql://db/x | --warehouse postgres",
            "generate --warehouse duckdb --jdbc-user someone | --warehouse postgres",
            "generate --warehouse snowflake | snowflake",
            "serve --warehouse postgres --jdbc-url jdbc:postgresql://db/x --jdbc-password-file /no/such/file | --jdbc-password-file",
            "serve --max-concurrent 2 --max-concurrent-per-caller 3 | --max-concurrent",
            "serve --port 8123 --metrics-port 8123 | --metrics-port 8123 is also --port",
            "serve --metrics-port 8001 | --metrics-port 8001 is also --port",
    })
    void missingOrContradictorySettingsStopStartUpWithOneLineNamingTheSetting(String arguments, String named) {
        int exit = run(arguments.trim().split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains(named).doesNotContain("Exception");
    }

    /**
     * A URL the driver cannot read is refused before any connection is tried, shown without the password written
     * in it: the driver's own refusal showed it whole, and ended with exit code 1.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "generate --warehouse postgres --jdbc-url | jdbc:postgresql://127.0.0.1:5432/tpch?user=x&password=p%ss!word |",
            "serve --warehouse postgres --jdbc-url | jdbc:postgresql://127.0.0.1:99999/tpch?password=p%ss!word |",
            "admin --auth-store postgres --auth-store-url | jdbc:postgresql://127.0.0.1/auth?sslpassword=p%ss!word | role list",
    })
    void aJdbcUrlTheDriverCannotReadIsRefusedWithoutShowingItsPassword(String before, String url, String after) {
        List<String> arguments = new ArrayList<>(List.of(before.trim().split(" ")));
        arguments.add(url);
        if (after != null) {
            arguments.addAll(List.of(after.trim().split(" ")));
        }
        assertThat(run(arguments.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .contains(url.replace("p%ss!word", "***") + " cannot be read: its port must be 1 to 65535, and a % in a value written %25")
                .doesNotContain("p%ss!word");
    }

    @Test
    void thePasswordIsNeverAFlag() {
        assertThat(run("serve", "--jdbc-password", "secret")).isEqualTo(2);
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--warehouse", "DATAAPI_WAREHOUSE", "--jdbc-url", "DATAAPI_JDBC_URL", "--jdbc-user",
                "DATAAPI_JDBC_PASSWORD", "--jdbc-password-file", "--statement-timeout", "--max-concurrent", "--shutdown-grace",
                "--max-result-size", "DATAAPI_MAX_RESULT_SIZE", "--rate-limit", "DATAAPI_RATE_LIMIT");
    }

    @ParameterizedTest
    @CsvSource({
            "10/s, 10, SECOND",
            "600/min, 600, MINUTE",
            "' 1/s ', 1, SECOND",
            "1000000/min, 1000000, MINUTE",
    })
    void aRateLimitIsRequestsPerSecondOrPerMinute(String value, int requests, RequestRate.Per per) {
        assertThat(rateLimit("serve", "--rate-limit", value)).hasValue(new RequestRate(requests, per));
    }

    @Test
    void theRateLimitIsOffUnlessAsked() throws Exception {
        assertThat(rateLimit("serve")).isEmpty();
        assertThat(rateLimit("serve", "--rate-limit", "off")).isEmpty();
        assertThat(parsedOptions(List.of("serve"), Set.of(), Map.of("DATAAPI_RATE_LIMIT", "5/min")).lines())
                .contains("--rate-limit=RateLimit[rate=Optional[5/min]]");
        assertThat(parsedOptions(List.of("serve", "--rate-limit", "off"), Set.of(), Map.of("DATAAPI_RATE_LIMIT", "5/min")).lines())
                .as("the flag wins").contains("--rate-limit=RateLimit[rate=Optional.empty]");
    }

    /** The rate limit {@code dataapi ARGS} parses to. */
    private static Optional<RequestRate> rateLimit(String... args) {
        return CommandLineTest.<Converters.RateLimit>parsedValue("--rate-limit", args).rate();
    }

    /** The value of {@code option} that {@code dataapi ARGS} parses to, in this process. */
    private static <T> T parsedValue(String option, String... args) {
        CommandLine cli = Main.commandLineFor(args);
        cli.parseArgs(args);
        return cli.getSubcommands().get(args[0]).getCommandSpec().findOption(option).getValue();
    }

    /** The metrics port is unset unless asked for, by the flag or its variable; the flag wins, and its help names both. */
    @Test
    void theMetricsPortIsTheFlagsOrTheVariablesOrNone() throws Exception {
        assertThat(parsedOptions(List.of("serve"), Set.of("DATAAPI_METRICS_PORT"), Map.of()).lines()).contains("--metrics-port=null");
        assertThat(parsedOptions(List.of("serve"), Set.of(), Map.of("DATAAPI_METRICS_PORT", "9001")).lines()).contains("--metrics-port=9001");
        assertThat(parsedOptions(List.of("serve", "--metrics-port", "0"), Set.of(), Map.of("DATAAPI_METRICS_PORT", "9001")).lines())
                .as("the flag wins").contains("--metrics-port=0");
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--metrics-port", "DATAAPI_METRICS_PORT");
    }

    @Test
    void anOrdersTableForTheEmbeddedWarehouseIsOneLineAndExitCode2() {
        assertThat(run("serve", "--warehouse", "duckdb", "--orders-table", "SALES.PUBLIC.ORDERS")).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("--orders-table does not apply to the embedded warehouse");
    }

    @Test
    void noAuthenticationBeyondLoopbackIsOneLineAndExitCode2(@TempDir Path work) {
        assertThat(run("serve", "--host", "0.0.0.0", "--auth", "none", "--data-dir", work.resolve("data").toString())).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("--auth none on 0.0.0.0 would let anyone on the network call the API", "--allow-anonymous");
    }

    @Test
    void everySubcommandsVersionFlagSaysTheVersion() {
        assertThat(run("--version")).isZero();
        String version = out.toString().strip();
        assertThat(version).startsWith("dataapi ");
        for (String subcommand : List.of("serve", "generate", "admin", "call", "client")) {
            out.getBuffer().setLength(0);
            assertThat(run(subcommand, "-V")).as(subcommand).isZero();
            assertThat(out.toString().strip()).as(subcommand).isEqualTo(version);
        }
    }

    @Test
    void callWithAMethodNoEndpointTakesIsOneLineAndExitCode2() {
        for (String method : List.of("CONNECT", "GET /x", "")) {
            err.getBuffer().setLength(0);
            assertThat(run("call", "--pat", "dataapi_pat_" + "A".repeat(43), "--account_url", "http://127.0.0.1:9",
                    "--endpoint", "http://127.0.0.1:9/x", "--no-token-cache", "--method", method)).as(method).isEqualTo(2);
            assertThat(err.toString().lines()).as(method).hasSize(1);
            assertThat(err.toString()).contains("--method '" + method + "' is not a method to call an endpoint with");
        }
    }

    /** Java's URI takes such a host for no host at all: the line says what is wrong with it, not that the URL is no https:// URL. */
    @Test
    void callWithAHostNameNoHostNameCanBeIsOneLineSayingWhyAndExitCode2() {
        for (String[] endpoint : new String[][] {{"https://x_y.invalid/a", "'_' is not allowed in a host name (x_y.invalid)"},
                {"https://user@a!b.invalid:8443/a", "'!' is not allowed in a host name (a!b.invalid)"}}) {
            err.getBuffer().setLength(0);
            assertThat(run("call", "--pat", "dataapi_pat_" + "A".repeat(43), "--account_url", "http://127.0.0.1:9", "--endpoint", endpoint[0],
                    "--no-token-cache")).as(endpoint[0]).isEqualTo(2);
            assertThat(err.toString().lines()).containsExactly("dataapi call: --endpoint '" + endpoint[0] + "': " + endpoint[1]);
        }
    }

    /** Java's URI takes any number for a port, which its HTTP client then throws for: the line says so. */
    @Test
    void callWithAPortNoPortCanBeIsOneLineSayingWhyAndExitCode2() {
        for (String[] urls : new String[][] {{"https://127.0.0.1:99999", "https://127.0.0.1/x", "--account_url 'https://127.0.0.1:99999'"},
                {"https://127.0.0.1", "https://127.0.0.1:0/x", "--endpoint 'https://127.0.0.1:0/x'"}}) {
            err.getBuffer().setLength(0);
            assertThat(run("call", "--pat", "dataapi_pat_" + "A".repeat(43), "--account_url", urls[0], "--endpoint", urls[1], "--no-token-cache"))
                    .as(urls[2]).isEqualTo(2);
            assertThat(err.toString().lines()).containsExactly("dataapi call: " + urls[2] + ": the port must be 1 to 65535");
        }
    }

    /** A PAT is masked where a message quotes it whole, not where its letters are part of a word: a short one garbles nothing. */
    @Test
    void aShortPatLeavesTheMessagesWords() {
        assertThat(run("call", "--pat", "a", "--account_url", "http://example.com", "--endpoint", "https://example.com/b", "--no-token-cache"))
                .isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "dataapi call: --account_url 'http://example.com': plain http:// is only allowed for loopback hosts; use https://");
    }

    @Test
    @Timeout(60) // a client that started anyway would serve until stopped
    void aPortInUseIsTheClientsOneLineAloneAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            // Javalin logs "Failed to start Javalin" of a port Jetty cannot bind before it throws.
            String logs = StandardError.during(() -> assertThat(run("client", "--port", port)).isEqualTo(1));
            assertThat(logs).isEmpty();
            assertThat(err.toString().lines()).containsExactly("dataapi client: cannot listen on 127.0.0.1 port " + port + ": Address already in use");
        }
    }

    @Test
    @Timeout(60) // a client that started anyway would serve until stopped
    void aCertificateFileThatCannotBeReadIsOneLineAndExitCode2ForBothClients(@TempDir Path work) {
        String missing = work.resolve("no-such-ca.pem").toString();
        assertThat(run("call", "--pat", "dataapi_pat_" + "A".repeat(43), "--account_url", "https://127.0.0.1:9",
                "--endpoint", "https://127.0.0.1:9/x", "--no-token-cache", "--cacert", missing)).isEqualTo(2);
        String callSays = err.toString().strip();
        err.getBuffer().setLength(0);
        assertThat(run("client", "--port", "8599", "--cacert", missing)).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString().strip()).isEqualTo(callSays.replace("dataapi call:", "dataapi client:")).contains(missing);
    }

    @Test
    void callWithBothPatFlagsOrAnEmptyPatIsOneLineAndExitCode2(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("apiuser-token-secret.txt"), "dataapi_pat_" + "B".repeat(43));
        List<List<String>> sources = List.of(List.of("--pat", "dataapi_pat_" + "A".repeat(43), "--patfile", file.toString()),
                List.of("--pat", "  ", "--pat-dir", work.toString()));
        for (List<String> source : sources) {
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of("call", "--account_url", "http://127.0.0.1:9", "--endpoint", "http://127.0.0.1:9/x",
                    "--no-token-cache"));
            args.addAll(source);
            assertThat(run(args.toArray(String[]::new))).as(String.join(" ", source)).isEqualTo(2);
            assertThat(err.toString().lines()).hasSize(1);
        }
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
    void aFileWhereTheDataDirectoryBelongsIsOneLineThatSaysSo(@TempDir Path work) throws Exception {
        Path notADirectory = Files.writeString(work.resolve("data"), "x");
        assertThat(run("generate", "--data-dir", notADirectory.toString(), "--scale", "0.01")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "dataapi generate: " + notADirectory + " is not a directory, so the data cannot be written in it");
    }

    @Test
    void aPatFileThatCannotBeWrittenSaysWhy(@TempDir Path work) {
        Path out = work.resolve("no-such-directory").resolve("pat.txt");
        String dataDir = work.toString();
        assertThat(run("admin", "--data-dir", dataDir, "user", "create", "u")).isZero();
        assertThat(run("admin", "--data-dir", dataDir, "role", "create", "r")).isZero();
        assertThat(run("admin", "--data-dir", dataDir, "grant", "role", "r", "--to-user", "u")).isZero();
        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "pat", "add", "u", "p", "--role", "r", "--out", out.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot write " + out + ": no such file or directory");
    }

    /** A lifetime out of range is a wrong flag value, as one that is no number is: exit code 2, the flag named, nothing made. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "91", "-1", "ninety"})
    void aPatsDaysOutOfRangeIsOneLineNamingTheFlagAndExitCode2(String days, @TempDir Path work) {
        Path secret = work.resolve("u-token-secret.txt");
        String dataDir = work.toString();
        assertThat(run("admin", "--data-dir", dataDir, "user", "create", "u")).isZero();
        assertThat(run("admin", "--data-dir", dataDir, "role", "create", "r")).isZero();
        assertThat(run("admin", "--data-dir", dataDir, "grant", "role", "r", "--to-user", "u")).isZero();
        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "pat", "add", "u", "p", "--role", "r", "--days", days, "--out", secret.toString()))
                .isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("--days", days);
        assertThat(secret).doesNotExist();
        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "pat", "list", "u")).isZero();
        assertThat(out.toString().lines()).as("the header alone").hasSize(1);
    }

    @Test
    void listingThePatsOfAnUnknownUserPrintsNothingButTheFailure(@TempDir Path work) {
        assertThat(run("admin", "--data-dir", work.toString(), "user", "create", "someone")).isZero();
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", work.toString(), "pat", "list", "nobody")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).containsIgnoringCase("nobody");
    }

    @Test
    void adminHasHelpForEveryForm() {
        assertThat(run("admin", "--help")).isZero();
        assertThat(out.toString()).contains("user", "role", "grant", "revoke", "pat");
        assertThat(run("admin", "pat", "add", "--help")).isZero();
        assertThat(out.toString()).contains("--role", "--days", "--out", "--data-dir", "--auth-store");
    }

    /** Each under the name of the command run, as its other failures are, though the flags are the admin command's and serve's. */
    @Test
    void aSharedUserStoreWithoutItsUrlIsAUsageErrorInAdminAsInServe(@TempDir Path work) {
        String needsUrl = "--auth-store postgres needs --auth-store-url jdbc:postgresql://HOST:PORT/DB";
        assertThat(run("admin", "--data-dir", work.toString(), "--auth-store", "postgres", "role", "create", "r")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("dataapi admin role create: " + needsUrl + " (see 'dataapi admin role create --help')");
        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", work.toString(), "pat", "list", "u", "--auth-store", "postgres")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("dataapi admin pat list: " + needsUrl + " (see 'dataapi admin pat list --help')");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--auth", "builtin", "--data-dir", work.toString(), "--auth-store", "postgres")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("dataapi serve: " + needsUrl + " (see 'dataapi serve --help')");
    }

    @Test
    void aSharedUserStoresUrlWithoutTheSharedStoreIsAUsageErrorInAdminAsInServe(@TempDir Path work) {
        String fileStore = " go with --auth-store postgres (DATAAPI_AUTH_STORE=postgres); the store is now the file under --data-dir";
        assertThat(run("admin", "--data-dir", work.toString(), "--auth-store-url", "jdbc:postgresql://db/x", "role", "create", "r")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("dataapi admin role create: --auth-store-url").contains(fileStore)
                .endsWith(" (see 'dataapi admin role create --help')");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--auth", "builtin", "--data-dir", work.toString(), "--auth-store-user", "api")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("dataapi serve: --auth-store-url and --auth-store-user")
                .contains(fileStore).endsWith(" (see 'dataapi serve --help')");
        assertThat(work.resolve("auth")).as("no file store made").doesNotExist();
    }

    /** With no terminal to ask on (as here), a password can only come from a file: without one, the command is used wrongly. */
    @Test
    void aNewPasswordWithoutAFileOrATerminalIsAUsageErrorNamingTheFlag(@TempDir Path work) throws Exception {
        String dataDir = work.toString();
        assertThat(run("admin", "--data-dir", dataDir, "user", "create", "u")).isZero();
        Path state = work.resolve("auth").resolve("auth.json");
        String before = Files.readString(state);
        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "user", "password", "u")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "dataapi admin user password: give --password-file FILE (no terminal to ask on) (see 'dataapi admin user password --help')");
        assertThat(Files.readString(state)).as("nothing changed").isEqualTo(before);
    }

    /** A grant is kept as it reads; revoking one the role does not have says so rather than "Revoked". */
    @Test
    void revokeTakesAwayTheGrantThatReadsTheSameAndFailsWhenThereIsNone(@TempDir Path work) {
        String dataDir = work.toString();
        assertThat(run("admin", "--data-dir", dataDir, "role", "create", "analyst")).isZero();
        assertThat(run("admin", "--data-dir", dataDir, "user", "create", "ann")).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "grant", "endpoint", "/connector/orders/by_priority/", "--to-role", "analyst")).isZero();
        assertThat(out.toString()).isEqualTo("Granted /connector/orders/by_priority to role ANALYST." + System.lineSeparator());
        assertThat(run("admin", "--data-dir", dataDir, "grant", "endpoint", "/connector/orders/by_priority", "--to-role", "analyst")).isZero();
        assertThat(run("admin", "--data-dir", dataDir, "grant", "endpoint", "snowpark", "--to-role", "analyst")).isZero();

        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "revoke", "endpoint", "/connector/orders/*", "--from-role", "analyst")).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .contains("Role ANALYST has no grant /connector/orders/* (it has: /connector/orders/by_priority, snowpark).");
        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "revoke", "endpoint", "/connector/orders/by_priority/", "--from-role", "analyst")).isZero();
        assertThat(out.toString()).as("the grant taken away, as stored")
                .isEqualTo("Revoked /connector/orders/by_priority from role ANALYST." + System.lineSeparator());
        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "role", "list")).isZero();
        assertThat(out.toString()).containsPattern("ANALYST +snowpark\\R");

        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "revoke", "role", "analyst", "--from-user", "ann")).isEqualTo(1);
        assertThat(err.toString()).contains("User ANN does not have role ANALYST.");
        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "grant", "endpoint", "/connector/customers/{custkey}/orders", "--to-role", "analyst"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("holds a {name}", "write * for that segment");
    }

    /** Each admin command's message names the user, role and PAT as the store holds them: trimmed and in upper case. */
    @Test
    void adminNamesWhatItChangedAsStored(@TempDir Path work) throws IOException {
        String dataDir = work.toString();
        Path password = Files.writeString(work.resolve("password"), "a long enough password\n");
        Map<List<String>, String> said = new LinkedHashMap<>();
        said.put(List.of("user", "create", " ann ", "--password-file", password.toString()), "Created user ANN.");
        said.put(List.of("user", "password", " ann", "--password-file", password.toString()), "Changed the password of ANN.");
        said.put(List.of("role", "create", "analyst "), "Created role ANALYST.");
        said.put(List.of("grant", "role", " analyst", "--to-user", "ann "), "Granted role ANALYST to user ANN.");
        said.put(List.of("grant", "endpoint", "connector", "--to-role", " analyst "), "Granted connector to role ANALYST.");
        said.put(List.of("revoke", "endpoint", "connector", "--from-role", " analyst"), "Revoked connector from role ANALYST.");
        said.put(List.of("pat", "add", "ann", "p1", "--role", "analyst", "--out", work.resolve("secret").toString()), null);
        said.put(List.of("pat", "revoke", " ann", " p1 "), "Revoked PAT P1 of ANN.");
        said.put(List.of("revoke", "role", "analyst ", "--from-user", " ann"), "Revoked role ANALYST from user ANN.");
        said.put(List.of("role", "drop", " analyst"), "Dropped role ANALYST.");
        said.put(List.of("user", "drop", "ann "), "Dropped user ANN.");
        for (Map.Entry<List<String>, String> command : said.entrySet()) {
            out.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of("admin", "--data-dir", dataDir));
            args.addAll(command.getKey());
            assertThat(run(args.toArray(String[]::new))).as(command.getKey() + ": " + err).isZero();
            if (command.getValue() != null) {
                assertThat(out.toString()).as(command.getKey().toString()).isEqualTo(command.getValue() + System.lineSeparator());
            }
        }
    }

    @Test
    void adminSaysSoWhenItMakesANewUserStore(@TempDir Path work) {
        String dataDir = work.resolve("mistyped").toString();
        assertThat(run("admin", "--data-dir", dataDir, "role", "create", "first")).isZero();
        assertThat(err.toString()).contains("No user store was in " + Path.of(dataDir, "auth") + "; made a new one.");

        err.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "role", "create", "second")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    /**
     * Commands started together on a file store not made yet: all of them find none, and wait for the store's lock (held
     * here until every one waits for it). One makes the store and says so; the others add to what it made, and no user is lost.
     */
    @Test
    void adminCommandsStartedTogetherOnANewFileStoreLoseNothingAndOneSaysItMadeIt(@TempDir Path work) throws Exception {
        Path auth = Files.createDirectories(work.resolve("auth"));

        List<String> errors = runTogether(auth, adminsCreatingUsers("--data-dir", work.toString()));

        assertOneSaysItMadeTheStore(errors, "No user store was in " + auth + "; made a new one.");
        assertStoreHoldsEveryUserAndOneKey(Files.readString(auth.resolve("auth.json")));
    }

    /** Commands that find the signing key taken out at the same time: one makes the new key and warns of it, the others use it. */
    @Test
    void ofAdminCommandsThatFindTheSigningKeyTakenOutTogetherOneSaysItMadeANewOne(@TempDir Path work) throws Exception {
        assertThat(run("admin", "--data-dir", work.toString(), "role", "create", "first")).isZero();
        Path state = work.resolve("auth").resolve("auth.json");
        ObjectNode document = (ObjectNode) new ObjectMapper().readTree(state.toFile());
        String before = document.remove("signingKey").asText();
        Files.writeString(state, document.toString());

        List<String> errors = runTogether(state.getParent(), List.of(new String[] {"admin", "--data-dir", work.toString(), "role", "create", "r1"},
                new String[] {"admin", "--data-dir", work.toString(), "role", "create", "r2"}));

        assertThat(errors).as("what the commands said").filteredOn(error -> !error.isEmpty()).singleElement().asString()
                .contains("had no signing key; made a new one");
        JsonNode after = new ObjectMapper().readTree(state.toFile());
        assertThat(after.path("signingKey").asText()).isNotEmpty().isNotEqualTo(before);
        assertThat(after.path("roles").findValuesAsText("name")).containsExactlyInAnyOrder("FIRST", "R1", "R2");
    }

    /**
     * Runs the commands as processes started together on the file store in {@code auth}, whose lock is held until every one
     * waits for it, and gives what each said on stderr; each must succeed.
     */
    private static List<String> runTogether(Path auth, List<String[]> commands) throws Exception {
        List<Process> processes = new ArrayList<>();
        try (FileChannel lockFile = FileChannel.open(auth.resolve("auth.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            for (String[] args : commands) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
                command.addAll(List.of(args));
                processes.add(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            Object inode = Files.getAttribute(auth.resolve("auth.lock"), "unix:ino");
            Await.until(() -> waitersOfFileLock(inode) == commands.size(), commands.size() + " commands waiting for the store's lock");
        }
        List<String> errors = new ArrayList<>();
        for (Process process : processes) {
            String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(error).isZero();
            errors.add(error);
        }
        return errors;
    }

    /**
     * The same on a PostgreSQL store, with the commands on threads of their own, each with its own connections: they wait on
     * the lock that serializes making the store's table, held here until every one waits for it.
     */
    @Test
    void adminCommandsStartedTogetherOnANewPostgresStoreLoseNothingAndOneSaysItMadeIt(@TempDir Path work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(ADMINS);
        try (TestPostgres postgres = new TestPostgres(); Connection holder = postgres.connect()) {
            String url = postgres.jdbcUrl() + "?user=" + TestPostgres.USER + "&password=" + TestPostgres.PASSWORD;
            List<Future<String>> admins = new ArrayList<>();
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('dataapi_auth_state'))");
                for (String[] args : adminsCreatingUsers("--data-dir", work.toString(), "--auth-store", "postgres", "--auth-store-url", url)) {
                    admins.add(threads.submit(() -> runAlone(args)));
                }
                Await.until(() -> advisoryLockWaiters(statement) == ADMINS, ADMINS + " commands waiting for the lock");
                holder.commit();
            }
            List<String> errors = new ArrayList<>();
            for (Future<String> admin : admins) {
                errors.add(admin.get(60, TimeUnit.SECONDS));
            }

            assertOneSaysItMadeTheStore(errors, "No user store was in PostgreSQL " + postgres.jdbcUrl() + "?user=" + TestPostgres.USER
                    + "&password=***; made a new one.");
            try (Statement statement = holder.createStatement();
                 ResultSet row = statement.executeQuery("SELECT document FROM dataapi_auth_state")) {
                assertThat(row.next()).isTrue();
                assertStoreHoldsEveryUserAndOneKey(row.getString(1));
                assertThat(row.next()).isFalse();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static final int ADMINS = 4;

    /** The arguments of {@value #ADMINS} commands {@code dataapi admin STORE_FLAGS user create U<i>}. */
    private static List<String[]> adminsCreatingUsers(String... storeFlags) {
        List<String[]> commands = new ArrayList<>();
        for (int i = 1; i <= ADMINS; i++) {
            List<String> args = new ArrayList<>(List.of("admin"));
            args.addAll(List.of(storeFlags));
            args.addAll(List.of("user", "create", "u" + i));
            commands.add(args.toArray(String[]::new));
        }
        return commands;
    }

    /** What {@code dataapi ARGS} said on stderr, run as {@link #run} runs it but with writers of its own; it must succeed. */
    private static String runAlone(String[] args) {
        StringWriter error = new StringWriter();
        CommandLine cli = Main.commandLineFor(args);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(error, true));
        assertThat(cli.execute(args)).as(error.toString()).isZero();
        return error.toString();
    }

    private static void assertOneSaysItMadeTheStore(List<String> errors, String made) {
        assertThat(errors).as("what the commands said").filteredOn(error -> !error.isEmpty()).singleElement().asString()
                .isEqualTo(made + System.lineSeparator());
    }

    /** Revision 1 is the store with its key; each user is one more: nothing was written over. */
    private static void assertStoreHoldsEveryUserAndOneKey(String document) throws IOException {
        JsonNode state = new ObjectMapper().readTree(document);
        assertThat(state.path("signingKey").isTextual()).as("a signing key").isTrue();
        assertThat(state.path("revision").asLong()).isEqualTo(1 + ADMINS);
        List<String> users = new ArrayList<>();
        state.path("users").forEach(user -> users.add(user.path("name").asText()));
        assertThat(users).containsExactlyInAnyOrder("U1", "U2", "U3", "U4");
    }

    /** How many locks wait for the lock held on the file of {@code inode}, as the kernel lists them ("->"). */
    private static long waitersOfFileLock(Object inode) {
        try {
            return Files.readAllLines(Path.of("/proc/locks")).stream()
                    .filter(line -> line.contains("->") && line.matches(".*:" + inode + " .*")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long advisoryLockWaiters(Statement statement) {
        try (ResultSet count = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's warning of a store it can no longer read is no concern of a command: its one line says it all. */
    @Test
    void aUserStoreThatCannotBeReadIsTheAdminCommandsOneLineAlone(@TempDir Path work) throws Exception {
        // A folder where the store's file should be: the store exists, and reading it fails.
        Path state = Files.createDirectories(work.resolve("auth").resolve("auth.json"));
        for (List<String> command : STORE_READING_COMMANDS) {
            assertThat(adminFailureLine(work, command)).as("%s", command)
                    .startsWith("dataapi admin " + command.get(0) + " " + command.get(1) + ": cannot read " + state + ": ");
        }
    }

    /** Commands that read the user store, one only to read it and one to change it. */
    private static final List<List<String>> STORE_READING_COMMANDS = List.of(List.of("role", "list"), List.of("role", "create", "analyst"));

    /** The one line of {@code dataapi admin --data-dir WORK COMMAND}, which fails with exit code 1 and logs nothing. */
    private String adminFailureLine(Path work, List<String> command) throws Exception {
        err.getBuffer().setLength(0);
        List<String> args = new ArrayList<>(List.of("admin", "--data-dir", work.toString()));
        args.addAll(command);
        String logs = StandardError.during(() -> assertThat(run(args.toArray(String[]::new))).isEqualTo(1));
        assertThat(logs).as("the logs of %s", command).isEmpty();
        assertThat(err.toString().lines()).as("%s", command).hasSize(1);
        return err.toString().lines().findFirst().orElseThrow();
    }

    /**
     * A store that is not JSON: the one line names the file and where it goes wrong, and quotes nothing of it (Jackson's
     * message would, such as a hash cut short).
     */
    @Test
    void aUserStoreThatIsNotJsonIsNamedWithWhereItGoesWrongAndNothingOfIt(@TempDir Path work) throws Exception {
        Path state = Files.createDirectories(work.resolve("auth")).resolve("auth.json");
        Map<String, String> stores = Map.of(
                "{\"revision\": 1,\n  \"users\": [", "the JSON ends early at line 2, column 13",
                "{\"revision\": 1,\n  \"signingKey\": pbkdf2sha256secret}", "not JSON at line 2, column 17");
        for (Map.Entry<String, String> store : stores.entrySet()) {
            Files.writeString(state, store.getKey());
            for (List<String> command : STORE_READING_COMMANDS) {
                assertThat(adminFailureLine(work, command)).as("%s", command).isEqualTo(
                        "dataapi admin " + command.get(0) + " " + command.get(1) + ": cannot read " + state + ": " + store.getValue());
            }
            assertThat(Files.readString(state)).as("nothing written").isEqualTo(store.getKey());
        }
    }

    /** The same of a PostgreSQL store's document: the line names the row, the database and where the document goes wrong. */
    @Test
    void aPostgresUserStoreThatIsNotJsonIsNamedWithWhereItGoesWrong(@TempDir Path work) throws Exception {
        try (TestPostgres postgres = new TestPostgres(); Connection connection = postgres.connect()) {
            List<String> store = List.of("admin", "--data-dir", work.toString(), "--auth-store", "postgres",
                    "--auth-store-url", postgres.jdbcUrl() + "?user=" + TestPostgres.USER + "&password=" + TestPostgres.PASSWORD);
            List<String> create = new ArrayList<>(store);
            create.addAll(List.of("role", "create", "analyst"));
            assertThat(run(create.toArray(String[]::new))).isZero();
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE dataapi_auth_state SET document = '{\"revision\": 2, \"signingKey\": secret}'");
            }
            err.getBuffer().setLength(0);
            List<String> list = new ArrayList<>(store);
            list.addAll(List.of("role", "list"));
            assertThat(run(list.toArray(String[]::new))).isEqualTo(1);
            assertThat(err.toString().lines()).containsExactly("dataapi admin role list: cannot read the dataapi_auth_state row in PostgreSQL "
                    + postgres.jdbcUrl() + "?user=" + TestPostgres.USER + "&password=***: not JSON at line 1, column 31");
        }
    }

    /** Where there is no store, a command that only reads says so, and how one is made, and makes nothing; one that changes it makes it. */
    @Test
    void commandsThatOnlyReadMakeNoFileStore(@TempDir Path work) throws Exception {
        Path mistyped = work.resolve("mistyped");
        Path emptyFolder = Files.createDirectories(work.resolve("empty").resolve("auth")).getParent();
        for (Path dataDir : List.of(mistyped, emptyFolder)) {
            assertReadingCommandsFindNoStore(List.of("--data-dir", dataDir.toString()), dataDir.resolve("auth").toString());
        }
        assertThat(mistyped).doesNotExist();
        try (var listed = Files.list(emptyFolder.resolve("auth"))) {
            assertThat(listed.toList()).isEmpty();
        }

        assertThat(run("admin", "--data-dir", mistyped.toString(), "role", "create", "analyst")).isZero();
        assertThat(mistyped.resolve("auth").resolve("auth.json")).isRegularFile();
    }

    @Test
    void commandsThatOnlyReadMakeNoPostgresStore(@TempDir Path work) throws Exception {
        try (TestPostgres postgres = new TestPostgres(); Connection connection = postgres.connect()) {
            List<String> store = List.of("--data-dir", work.toString(), "--auth-store", "postgres",
                    "--auth-store-url", postgres.jdbcUrl() + "?user=" + TestPostgres.USER + "&password=" + TestPostgres.PASSWORD);
            String masked = "PostgreSQL " + postgres.jdbcUrl() + "?user=" + TestPostgres.USER + "&password=***";

            assertReadingCommandsFindNoStore(store, masked);
            assertThat(storeTables(connection)).isZero();
            assertThat(work.resolve("auth")).doesNotExist();

            err.getBuffer().setLength(0);
            List<String> create = new ArrayList<>(List.of("admin"));
            create.addAll(store);
            create.addAll(List.of("role", "create", "analyst"));
            assertThat(run(create.toArray(String[]::new))).isZero();
            assertThat(err.toString()).isEqualTo("No user store was in " + masked + "; made a new one." + System.lineSeparator());
            assertThat(storeTables(connection)).isOne();
        }
    }

    /** {@code pat list} and {@code role list} on the store {@code storeFlags} name, which does not exist: exit 1, one line naming {@code where}. */
    private void assertReadingCommandsFindNoStore(List<String> storeFlags, String where) {
        for (List<String> command : List.of(List.of("pat", "list", "apiuser"), List.of("role", "list"))) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of("admin"));
            args.addAll(storeFlags);
            args.addAll(command);
            assertThat(run(args.toArray(String[]::new))).as("%s", command).isEqualTo(1);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString().lines()).as("%s", command).singleElement().asString()
                    .isEqualTo("dataapi admin " + String.join(" ", command.subList(0, 2)) + ": No user store is in " + where
                            + "; a command that changes it makes one, such as 'dataapi admin user create USER'.");
        }
    }

    /** How many tables of the store's name the database has, as its catalog lists them. */
    private static long storeTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'dataapi_auth_state'")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** A grant this version cannot read (written by another) grants nothing, is shown as such, and can be revoked as stored. */
    @Test
    void roleListShowsGrantsAndAnUnreadableOneCanBeRevokedAsStored(@TempDir Path work) throws Exception {
        String dataDir = work.toString();
        assertThat(run("admin", "--data-dir", dataDir, "role", "create", "analyst")).isZero();
        assertThat(run("admin", "--data-dir", dataDir, "role", "create", "viewer")).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "grant", "endpoint", "CONNECTOR", "--to-role", "analyst")).isZero();
        assertThat(out.toString()).as("the grant as stored").isEqualTo("Granted connector to role ANALYST." + System.lineSeparator());
        assertThat(run("admin", "--data-dir", dataDir, "grant", "endpoint", "/snowpark/customers/*", "--to-role", "analyst")).isZero();
        // What a later version might store: a grant whose form this one does not know.
        Path state = work.resolve("auth").resolve("auth.json");
        Files.writeString(state, Files.readString(state).replace("\"/snowpark/customers/*\"", "\"snowpark:customers?\""));

        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "role", "list")).isZero();
        assertThat(out.toString().lines().map(line -> line.replaceAll(" +", " ")).toList()).containsExactly(
                "ROLE GRANTS",
                "ANALYST connector, snowpark:customers? (unreadable: grants nothing)",
                "VIEWER none");

        assertThat(run("admin", "--data-dir", dataDir, "revoke", "endpoint", "snowpark:customers?", "--from-role", "analyst")).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "revoke", "endpoint", " CONNECTOR", "--from-role", "analyst")).isZero();
        assertThat(out.toString()).as("the grant as stored").isEqualTo("Revoked connector from role ANALYST." + System.lineSeparator());
        out.getBuffer().setLength(0);
        assertThat(run("admin", "--data-dir", dataDir, "role", "list")).isZero();
        assertThat(out.toString()).containsPattern("ANALYST +none");
    }

    @Test
    void anEndpointsFileWithAMistakeStopsServeInOneLineWithExitCode2(@TempDir Path work) throws Exception {
        Map<String, String> mistakes = Map.of(
                "\"parameters\": [], \"sql\": \"SELECT :x AS x\"", "the SQL uses :x, which no parameter declares",
                "\"parameters\": [{\"name\": \"x\", \"type\": \"integer\", \"required\": false, \"default\": \"1\"}], \"sql\": \"SELECT :x AS x\"",
                "parameter x: \"required\": false and a default are one or the other: a request without it binds NULL, or the default",
                "\"sql\": \"SELECT 1 AS x\", \"cache_ttl\": \"soon\"",
                "cache_ttl 'soon' is not auto, forever, off or a duration such as 500ms, 5s, 1m or 1h",
                "\"sql\": \"SELECT 1 AS x\", \"cache_ttl\": 60", "cache_ttl has a value of the wrong type (line 1)");
        for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
            err.getBuffer().setLength(0);
            Path file = Files.writeString(work.resolve("endpoints.json"), """
                    {"endpoints": [{"id": "e", "title": "E", "path": "/e", %s, "columns": [{"name": "X", "type": "string"}]}]}"""
                    .formatted(mistake.getKey()));
            assertThat(run("serve", "--data-dir", work.resolve("data").toString(), "--endpoints", file.toString())).isEqualTo(2);
            assertThat(err.toString().lines()).singleElement().asString().isEqualTo("dataapi serve: cannot use the endpoints file: " + file
                    + ": endpoint e: " + mistake.getValue() + " (see 'dataapi serve --help')");
        }
        assertThat(work.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void anEmptyEndpointsFlagStopsServeInOneLineWithExitCode2(@TempDir Path work) {
        assertThat(run("serve", "--data-dir", work.resolve("data").toString(), "--endpoints", "")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("dataapi serve: --endpoints is empty; give the path of a JSON file (see 'dataapi serve --help')");
        assertThat(work.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void tlsFilesThatAreNoCertificateAndKeyStopServeInOneLineWithExitCode2(@TempDir Path work) throws Exception {
        Path notPem = Files.writeString(work.resolve("not.pem"), "not a PEM file\n");
        Path empty = Files.writeString(work.resolve("empty.pem"), "");
        String missing = work.resolve("missing.pem").toString();
        // The files given the wrong way round: the JDK's reason for the key as a certificate is "signed fields invalid".
        TlsConfig swapped = TestTls.create(work.resolve("tls")).files();
        String key = swapped.privateKey().toString();
        // Certificate, key, and what the one line must say of them.
        for (String[] files : new String[][] {{notPem.toString(), notPem.toString(), "no certificate in " + notPem},
                {empty.toString(), key, "no certificate in " + empty},
                {key, swapped.certificate().toString(), "no certificate in " + key},
                {missing, notPem.toString(), "no such file " + missing},
                {work.toString(), key, "Is a directory"}}) {
            err.getBuffer().setLength(0);
            assertThat(run("serve", "--data-dir", work.resolve("data").toString(), "--tls-cert", files[0], "--tls-key", files[1])).isEqualTo(2);
            assertThat(err.toString().lines()).singleElement().asString()
                    .startsWith("dataapi serve: cannot use the TLS certificate " + files[0] + " and key " + files[1] + ": " + files[2])
                    .doesNotContain("Exception");
        }
        assertThat(work.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsServeInOneLineWithExitCode2(@TempDir Path work) throws Exception {
        TlsConfig one = TestTls.create(work.resolve("one")).files();
        TlsConfig other = TestTls.create(work.resolve("other")).files();
        assertThat(run("serve", "--data-dir", work.resolve("data").toString(), "--tls-cert", one.certificate().toString(),
                "--tls-key", other.privateKey().toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .endsWith("the key is not the certificate's (the first certificate's public key does not match it) (see 'dataapi serve --help')");
        assertThat(work.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void theTokenCacheIsUnderHomeAsTheShellHasIt(@TempDir Path work) throws Exception {
        // Java's user.home comes from the password database and differs from HOME when HOME is set by hand.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + work.resolve("from-passwd"), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "call", "--help")
                .redirectErrorStream(true);
        builder.environment().remove("DATAAPI_TOKEN_CACHE");
        builder.environment().put("HOME", work.resolve("home").toString());
        Process java = builder.start();
        String help = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(help.replaceAll("\\s+", "")).contains(work.resolve("home/.cache/dataapi/tokens").toString());
    }

    /**
     * Each variable an option's default names, set empty, gives what it gives unset: the option's
     * own default (the port, the scale factor) or none (a JDBC URL, a certificate), where picocli
     * alone took the empty value as given and failed to convert it, or passed it on. Parsed in
     * processes of their own, whose environment the test sets.
     */
    @ParameterizedTest
    @ValueSource(strings = {"serve", "generate", "admin", "call --account_url a.example.com --endpoint https://a.example.com/connector/customers/top10"})
    void anEmptyVariableIsAsIfUnset(String commandLine) throws Exception {
        List<String> args = List.of(commandLine.split(" "));
        Map<String, String> empty = new HashMap<>();
        Pattern variable = Pattern.compile("\\$\\{env:(DATAAPI_[A-Z_]+)");
        for (OptionSpec option : Main.commandLineFor(args.toArray(String[]::new)).getSubcommands().get(args.get(0)).getCommandSpec().options()) {
            Matcher named = variable.matcher(((Field) option.userObject()).getAnnotation(CommandLine.Option.class).defaultValue());
            if (named.find()) {
                empty.put(named.group(1), "");
            }
        }
        assertThat(empty).isNotEmpty();

        String unset = parsedOptions(args, empty.keySet(), Map.of());
        assertThat(parsedOptions(args, Set.of(), empty)).isEqualTo(unset);
        if (args.get(0).equals("serve")) {
            // The README's defaults, and no value where there is none.
            assertThat(unset.lines()).contains("--port=8001", "--host=127.0.0.1", "--scale=1", "--warehouse=DUCKDB",
                    "--jdbc-url=null", "--tls-cert=null", "--orders-table=null", "--endpoints=null", "--cors-origin=null", "--metrics-port=null",
                    "--trusted-proxy=null");
        }
    }

    /** A variable's value is taken as written, as a flag's is: picocli's own reading of a default reads {@code $} in it again. */
    @Test
    void aVariablesValueIsTakenAsWritten() throws Exception {
        String written = "u$er ${env:HOME} $$ ${DATAAPI_SCALE}";
        String parsed = parsedOptions(List.of("serve"), Set.of(), Map.of("DATAAPI_JDBC_USER", written));

        assertThat(parsed.lines()).contains("--jdbc-user=" + written);
    }

    /** A password variable set empty is unset too: a password file beside it is no second password. */
    @Test
    void anEmptyPasswordVariableIsAsIfUnset(@TempDir Path work) throws Exception {
        Path passwordFile = Files.writeString(work.resolve("password"), "secret\n");
        // Nothing listens there: the command gets as far as connecting.
        Process generate = inProcess(Main.class, List.of("generate", "--warehouse", "postgres", "--jdbc-url", "jdbc:postgresql://127.0.0.1:18299/tpch",
                "--jdbc-user", "api", "--jdbc-password-file", passwordFile.toString()), Set.of(), Map.of(WarehouseOptions.PASSWORD_VARIABLE, ""));
        String printed = new String(generate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(generate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(printed).doesNotContain("not both", "secret");
        assertThat(generate.exitValue()).as(printed).isEqualTo(1);
    }

    /**
     * The configuration file is beneath the flags and the variables: a flag wins, then its variable when set and not empty,
     * then the file, then the default. Parsed in processes of their own, whose environment the test sets.
     */
    @ParameterizedTest
    @CsvSource({
            // --port, DATAAPI_PORT, the file's port: the port
            "    ,     , 8101, 8101",
            "    , 8102, 8101, 8102",
            "    , '',   8101, 8101",
            "8103, 8102, 8101, 8103",
            "8103,     , 8101, 8103",
            "8103, '',   8101, 8103",
            "    , 8102,     , 8102",
            "    , '',       , 8001",
            "    ,     ,     , 8001",
    })
    void theConfigurationFileIsBeneathTheFlagsAndTheVariablesAndAboveTheDefaults(String flag, String variable, String inFile, String port,
                                                                                 @TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("dataapi.conf"), inFile == null ? "# no port\n" : "port = " + inFile + "\n");
        List<String> args = new ArrayList<>(List.of("serve", "--config", file.toString()));
        if (flag != null) {
            args.addAll(List.of("--port", flag));
        }
        Map<String, String> set = variable == null ? Map.of() : Map.of("DATAAPI_PORT", variable);

        assertThat(parsedOptions(args, Set.of("DATAAPI_PORT", "DATAAPI_CONFIG"), set).lines()).contains("--port=" + port);
    }

    /** DATAAPI_CONFIG names the file as --config does, which wins over it; set empty, it names none. */
    @Test
    void theConfigurationFilesVariableNamesItAsTheFlagDoes(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("dataapi.conf"), "port = 8101\n");
        Path other = Files.writeString(work.resolve("other.conf"), "port = 8104\n");
        Set<String> unset = Set.of("DATAAPI_PORT");

        assertThat(parsedOptions(List.of("serve"), unset, Map.of("DATAAPI_CONFIG", file.toString())).lines()).contains("--port=8101");
        assertThat(parsedOptions(List.of("serve", "--config", other.toString()), unset, Map.of("DATAAPI_CONFIG", file.toString())).lines())
                .contains("--port=8104");
        assertThat(parsedOptions(List.of("serve"), unset, Map.of("DATAAPI_CONFIG", "")).lines()).contains("--port=8001", "--config=null");
    }

    /** A value is the rest of its line, spaces around it aside: no quoting, no comment, no variable in it; a repeatable flag's is its variable's. */
    @Test
    void aValueInTheConfigurationFileIsTakenAsWritten(@TempDir Path work) throws Exception {
        Path endpoints = work.resolve("end=points.json");
        Path file = Files.writeString(work.resolve("dataapi.conf"), String.join("\n",
                "# comments and blank lines aside",
                "",
                "  # indented too",
                "\tcors-origin  =  https://a.example,https://b.example  ",
                "jdbc-user = \"u$er\" ${env:HOME} $$ # not a comment",
                "endpoints=" + endpoints,
                ""));
        String config = file.toString();

        assertThat(CommandLineTest.<List<String>>parsedValue("--cors-origin", "serve", "--config", config))
                .containsExactly("https://a.example", "https://b.example");
        assertThat(CommandLineTest.<String>parsedValue("--jdbc-user", "serve", "--config", config)).isEqualTo("\"u$er\" ${env:HOME} $$ # not a comment");
        assertThat(CommandLineTest.<Path>parsedValue("--endpoints", "serve", "--config", config)).isEqualTo(endpoints);
    }

    /** A byte order mark, which editors that save UTF-8 "with BOM" write first, is no part of the first line's name. */
    @Test
    void aByteOrderMarkBeforeTheFirstLineIsSkipped(@TempDir Path work) throws Exception {
        byte[] mark = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] settings = "port = 8101\nhost = 127.0.0.2\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(work.resolve("dataapi.conf"), ByteBuffer.allocate(mark.length + settings.length).put(mark).put(settings).array());

        assertThat(CommandLineTest.<Integer>parsedValue("--port", "serve", "--config", file.toString())).isEqualTo(8101);
        assertThat(CommandLineTest.<String>parsedValue("--host", "serve", "--config", file.toString())).isEqualTo("127.0.0.2");
    }

    /** One file serves serve, generate and admin: each takes the settings of its own flags and passes over the others'. */
    @Test
    void serveGenerateAndAdminEachTakeTheirOwnSettingsFromOneFile(@TempDir Path work) throws Exception {
        Path dataDir = work.resolve("data");
        Path file = Files.writeString(work.resolve("dataapi.conf"), """
                port = 8101
                scale = 0.01
                data-dir = %s
                auth-store-user = api
                """.formatted(dataDir));
        String config = file.toString();

        assertThat(CommandLineTest.<Integer>parsedValue("--port", "serve", "--config", config)).isEqualTo(8101);
        assertThat(CommandLineTest.<String>parsedValue("--auth-store-user", "serve", "--config", config)).isEqualTo("api");
        assertThat(CommandLineTest.<Path>parsedValue("--data-dir", "generate", "--config", config)).isEqualTo(dataDir);
        assertThat(CommandLineTest.<Object>parsedValue("--scale", "generate", "--config", config)).hasToString("0.01");
        assertThat(CommandLineTest.<Path>parsedValue("--data-dir", "admin", "--config", config, "role", "list")).isEqualTo(dataDir);
        assertThat(CommandLineTest.<String>parsedValue("--auth-store-user", "admin", "--config", config, "role", "list")).isEqualTo("api");
        // Given after the subcommand, as admin's other flags may be.
        assertThat(CommandLineTest.<Path>parsedValue("--data-dir", "admin", "role", "list", "--config", config)).isEqualTo(dataDir);
    }

    @Test
    void serveGenerateAndAdminTakeAConfigurationFileAndTheClientsDoNot() {
        for (String command : List.of("serve", "generate", "admin", "call", "client")) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(command).isZero();
            if (command.equals("call") || command.equals("client")) {
                assertThat(out.toString()).as(command).doesNotContain("--config");
            } else {
                assertThat(out.toString()).as(command).contains("--config=FILE", "DATAAPI_CONFIG");
            }
        }
    }

    /**
     * A mistake in the file stops the command before it does anything: exit code 2 and one line naming the file and
     * the line. The file's first line gives the data folder, which nothing may make; a secret is never repeated.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "port 8001 | 2 | not a setting; a line is name = value, such as port = 8001",
            "jdbc-password s3cret | 2 | not a setting; a line is name = value, such as port = 8001",
            "= 8001 | 2 | not a setting; a line is name = value, such as port = 8001",
            "# a comment\\n\\ndata-dri = /srv/data | 4 | data-dri is not a flag of dataapi serve, generate or admin; did you mean data-dir?",
            "Auth-Store = file | 2 | Auth-Store is not a flag of dataapi serve, generate or admin; did you mean auth-store?",
            "colour = blue | 2 | colour is not a flag of dataapi serve, generate or admin",
            "help = true | 2 | help is not a flag of dataapi serve, generate or admin",
            "account_url = https://a.example | 2 | account_url is not a flag of dataapi serve, generate or admin",
            "data-dir = /srv/data | 2 | data-dir is given a second time (first on line 1)",
            "port = 8001\\nport = 8002 | 3 | port is given a second time (first on line 2)",
            "auth-store = mysql | 2 | Invalid value for option '--auth-store': expected one of [file, postgres] (case-sensitive) but was 'mysql'",
            "auth-store-url = | 2 | auth-store-url has no value; leave the line out for its default",
            "jdbc-password = s3cret | 2 | jdbc-password is a secret, kept out of files; set it in the environment as DATAAPI_JDBC_PASSWORD",
            "auth-store-password = s3cret | 2 | auth-store-password is a secret, kept out of files; set it in the environment as DATAAPI_AUTH_STORE_PASSWORD",
            "config = /etc/dataapi/other.conf | 2 | config is not read from a file; name the file with --config or DATAAPI_CONFIG",
    })
    void aMistakeInTheConfigurationFileIsOneLineNamingItsFileAndLineAndExitCode2(String lines, int line, String message, @TempDir Path work)
            throws Exception {
        Path dataDir = work.resolve("data");
        Path file = Files.writeString(work.resolve("dataapi.conf"), "data-dir = " + dataDir + "\n" + lines.replace("\\n", "\n") + "\n");

        assertThat(run("admin", "--config", file.toString(), "role", "create", "analyst")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("dataapi admin: " + file + ":" + line + ": " + message + " (see 'dataapi admin --help')");
        assertThat(dataDir).as("nothing made").doesNotExist();
    }

    /** The file is read even where flags give every setting of the command: a mistake in it still stops the command. */
    @Test
    void aMistakeInTheConfigurationFileStopsTheCommandWhenFlagsGiveEverySetting(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("dataapi.conf"), "colour = blue\n");

        assertThat(run("admin", "--config", file.toString(), "--data-dir", work.resolve("data").toString(), "--auth-store", "file",
                "--auth-store-url", "jdbc:postgresql://127.0.0.1:9/auth", "--auth-store-user", "api", "role", "list")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("dataapi admin: " + file + ":1: colour is not a flag of dataapi serve, generate or admin (see 'dataapi admin --help')");
    }

    /** A value serve or generate refuses in the file is refused in the flag's own words, after the file and line that give it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "serve | port = 70000 | Invalid value for option '--port': '70000' is not a port (0 to 65535)",
            "serve | allow-anonymous = yes | Invalid value for option '--allow-anonymous': 'yes' is not a boolean",
            "generate | threads = -2 | Invalid value for option '--threads': '-2' must be at least 0",
            "serve | statement-timeout = soon | Invalid value for option '--statement-timeout': 'soon' is not a positive duration such as 500ms, 5s, 1m or 1h",
    })
    void aValueTheFlagRefusesInTheConfigurationFileIsOneLineNamingItsFileAndLine(String command, String setting, String message,
                                                                               @TempDir Path work) throws Exception {
        Path dataDir = work.resolve("data");
        Path file = Files.writeString(work.resolve("dataapi.conf"), "data-dir = " + dataDir + "\nscale = 0.01\n" + setting + "\n");

        assertThat(run(command, "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("dataapi " + command + ": " + file + ":3: " + message + " (see 'dataapi " + command + " --help')");
        assertThat(dataDir).as("nothing started").doesNotExist();
    }

    @Test
    void aConfigurationFileThatCannotBeReadIsOneLineNamingItAndExitCode2(@TempDir Path work) throws Exception {
        Path dataDir = work.resolve("data");
        Path latin1 = Files.write(work.resolve("latin1.conf"), ("data-dir = " + dataDir + "\n# comment\norders-table = caf\u00e9\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> files = Map.of(
                work.resolve("missing.conf").toString(), "cannot read the configuration file " + work.resolve("missing.conf")
                        + ": no such file or directory",
                work.toString(), "cannot read the configuration file " + work + ": Is a directory",
                latin1.toString(), latin1 + ":3: not UTF-8 text",
                "", "--config is empty; give the path of a configuration file");
        for (Map.Entry<String, String> file : files.entrySet()) {
            err.getBuffer().setLength(0);
            assertThat(run("admin", "--config", file.getKey(), "role", "create", "analyst")).as(file.getKey()).isEqualTo(2);
            assertThat(err.toString().lines()).as(file.getKey()).singleElement().asString()
                    .isEqualTo("dataapi admin: " + file.getValue() + " (see 'dataapi admin --help')");
        }
        assertThat(dataDir).as("nothing made").doesNotExist();
    }

    /**
     * A mistake found once the settings are read names flags; each that the configuration file gave, and only those, is
     * told with the file and line that gave it, so that the operator looks for no flag he never typed. The file's first
     * line gives the data folder, which nothing may make; WORK is the test's folder, FILE the configuration file.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "serve | | tls-cert = WORK/cert.pem | --tls-cert and --tls-key go together (tls-cert from FILE:2)",
            "serve | --tls-key WORK/key.pem | tls-cert = WORK/cert.pem"
                    + " | cannot use the TLS certificate WORK/cert.pem and key WORK/key.pem: no such file WORK/cert.pem (tls-cert from FILE:2)",
            "serve | | cors-origin = * | --cors-origin '*' is not an origin such as https://app.example.com (cors-origin from FILE:2)",
            "serve | | trusted-proxy = 10.0.0.0/8,lb.internal | --trusted-proxy 'lb.internal' is not an IP address or a range such as"
                    + " 10.0.0.0/8 or fd00::/8 (trusted-proxy from FILE:2)",
            "serve | | host = 0.0.0.0 | --auth none on 0.0.0.0 would let anyone on the network call the API: listen on 127.0.0.1,"
                    + " use --auth builtin or spcs, or add --allow-anonymous (host from FILE:2)",
            "serve | --auth builtin | auth-store-user = api | --auth-store-url and --auth-store-user (DATAAPI_AUTH_STORE_URL, DATAAPI_AUTH_STORE_USER)"
                    + " go with --auth-store postgres (DATAAPI_AUTH_STORE=postgres); the store is now the file under --data-dir (auth-store-user from FILE:2)",
            "serve | | metrics-port = 8001 | --metrics-port 8001 is also --port; give the metrics another port (metrics-port from FILE:2)",
            "serve | --port 8123 | metrics-port = 8123 | --metrics-port 8123 is also --port; give the metrics another port (metrics-port from FILE:2)",
            "serve | | port = 8124\\nmetrics-port = 8124 | --metrics-port 8124 is also --port; give the metrics another port"
                    + " (metrics-port from FILE:3, port from FILE:2)",
            "serve | | orders-table = SALES.ORDERS | --orders-table does not apply to the embedded warehouse (orders-table from FILE:2)",
            "serve | | endpoints = WORK/endpoints.json | cannot use the endpoints file: no such file WORK/endpoints.json (endpoints from FILE:2)",
            "serve | --max-concurrent-per-caller 3 | max-concurrent = 2 | --max-concurrent-per-caller: the limit per caller (3) must not exceed"
                    + " the total limit (2) (max-concurrent from FILE:2)",
            "serve | | jdbc-url = jdbc:postgresql://db/tpch | --jdbc-url needs --warehouse postgres (the warehouse is duckdb) (jdbc-url from FILE:2)",
            "serve | --jdbc-password-file WORK/password | jdbc-user = api | --jdbc-user and --jdbc-password-file need --warehouse postgres"
                    + " (the warehouse is duckdb) (jdbc-user from FILE:2)",
            "generate | --jdbc-user api --jdbc-password-file WORK/password | jdbc-url = jdbc:postgresql://db/tpch | --jdbc-url, --jdbc-user and"
                    + " --jdbc-password-file need --warehouse postgres (the warehouse is duckdb) (jdbc-url from FILE:2)",
            "serve | --warehouse postgres | jdbc-url = jdbc:mysql://db/tpch | --jdbc-url: the JDBC URL must start with jdbc:postgresql: (jdbc-url from FILE:2)",
            "generate | | warehouse = postgres | --warehouse postgres needs --jdbc-url (or DATAAPI_JDBC_URL) (warehouse from FILE:2)",
            "generate | --warehouse postgres --jdbc-url jdbc:postgresql://db/tpch | jdbc-password-file = WORK/password"
                    + " | --jdbc-password-file: cannot read WORK/password (jdbc-password-file from FILE:2)",
            "generate | | warehouse = snowflake | generate fills the embedded DuckDB or PostgreSQL; on snowflake the reports read its TPC-H"
                    + " sample data (warehouse from FILE:2)",
            "admin role create | | auth-store = postgres | --auth-store postgres needs --auth-store-url jdbc:postgresql://HOST:PORT/DB"
                    + " (auth-store from FILE:2)",
            "admin role create | | auth-store-url = jdbc:postgresql://db/auth | --auth-store-url and --auth-store-user (DATAAPI_AUTH_STORE_URL,"
                    + " DATAAPI_AUTH_STORE_USER) go with --auth-store postgres (DATAAPI_AUTH_STORE=postgres); the store is now the file under"
                    + " --data-dir (auth-store-url from FILE:2)",
    })
    void aMistakeFoundOnceTheSettingsAreReadNamesTheLineOfEachTheConfigurationFileGave(String command, String flags, String lines,
                                                                                      String message, @TempDir Path work) throws Exception {
        Path dataDir = work.resolve("data");
        Path file = Files.writeString(work.resolve("dataapi.conf"), "data-dir = " + dataDir + "\n" + lines.replace("WORK", work.toString())
                .replace("\\n", "\n") + "\n");
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--config", file.toString()));
        if (flags != null) {
            args.addAll(List.of(flags.replace("WORK", work.toString()).split(" ")));
        }
        if (command.startsWith("admin")) {
            args.add("analyst");
        }

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().isEqualTo("dataapi " + command + ": "
                + message.replace("WORK", work.toString()).replace("FILE", file.toString()) + " (see 'dataapi " + command + " --help')");
        assertThat(dataDir).as("nothing made").doesNotExist();
    }

    /**
     * Help prints whatever the configuration file and the variables hold, the same as without them (--help, -V, the help
     * command, also of an admin subcommand), with the built-in defaults; the command itself still refuses them. Run in
     * processes of their own, whose environment names the file or holds the variables.
     */
    @Test
    void helpIsPrintedWhateverTheConfigurationFileAndTheVariablesHold(@TempDir Path work) throws Exception {
        Path notASetting = Files.writeString(work.resolve("not-a-setting.conf"), "colour = blue\n");
        Path refusedValues = Files.writeString(work.resolve("refused-values.conf"), "port = 70000\nthreads = -2\nauth-store = mysql\n");
        Map<String, String> refusedVariables = Map.of("DATAAPI_PORT", "abc", "DATAAPI_THREADS", "-2", "DATAAPI_AUTH_STORE", "mysql",
                "DATAAPI_SCALE", "7");
        Set<String> unset = Set.of("DATAAPI_CONFIG", "DATAAPI_PORT", "DATAAPI_THREADS", "DATAAPI_AUTH_STORE", "DATAAPI_SCALE");
        List<Map<String, String>> environments = List.of(
                Map.of("DATAAPI_CONFIG", notASetting.toString()), Map.of("DATAAPI_CONFIG", refusedValues.toString()), refusedVariables);
        for (String help : List.of("serve --help", "generate --help", "admin --help", "admin pat add --help", "help serve", "serve -V")) {
            List<String> args = List.of(help.split(" "));
            Process alone = inProcess(Main.class, args, unset, Map.of());
            String printed = new String(alone.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(alone.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(alone.exitValue()).as(help).isZero();
            for (Map<String, String> environment : environments) {
                Process withThem = inProcess(Main.class, args, unset, environment);
                assertThat(new String(withThem.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).as(help + " " + environment).isEqualTo(printed);
                assertThat(withThem.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(withThem.exitValue()).as(help + " " + environment).isZero();
            }
        }
        Process serve = inProcess(Main.class, List.of("serve"), unset, refusedVariables);
        String refused = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.exitValue()).isEqualTo(2);
        assertThat(refused).startsWith("dataapi serve: Invalid value for option '--");
        Map<String, String> refusals = Map.of(
                "generate", "dataapi generate: " + refusedValues + ":2: Invalid value for option '--threads': '-2' must be at least 0"
                        + " (see 'dataapi generate --help')",
                "admin pat list u", "dataapi admin: " + refusedValues + ":3: Invalid value for option '--auth-store': expected one of"
                        + " [file, postgres] (case-sensitive) but was 'mysql' (see 'dataapi admin --help')");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Process run = inProcess(Main.class, List.of(refusal.getKey().split(" ")), Set.of(), Map.of("DATAAPI_CONFIG", refusedValues.toString()));
            String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(refusal.getKey()).isEqualTo(2);
            assertThat(printed.lines()).as(refusal.getKey()).containsExactly(refusal.getValue());
        }
    }

    /** Prints the options {@code dataapi ARGS} parses to, one {@code --name=value} a line. */
    static final class ParsedOptions {
        public static void main(String[] args) {
            CommandLine cli = Main.commandLineFor(args);
            cli.parseArgs(args);
            cli.getSubcommands().get(args[0]).getCommandSpec().options()
                    .forEach(option -> System.out.println(option.longestName() + "=" + option.getValue()));
        }
    }

    /** What {@link ParsedOptions} prints for {@code args} in a process without the variables {@code unset}, with those {@code set}. */
    private static String parsedOptions(List<String> args, Set<String> unset, Map<String, String> set) throws Exception {
        Process java = inProcess(ParsedOptions.class, args, unset, set);
        String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(printed).isZero();
        return printed;
    }

    /** {@code main} run with {@code args} in a process of its own, without the variables {@code unset}, with those {@code set}; output and errors in one stream. */
    private static Process inProcess(Class<?> main, List<String> args, Set<String> unset, Map<String, String> set) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(unset);
        builder.environment().putAll(set);
        return builder.start();
    }

    @Test
    void theTopCommandHasHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve", "generate", "admin", "call", "client");
        assertThat(err.toString()).isEmpty();
    }

    /** A missing command is wrong usage, as picocli has a missing subcommand: the usage --help prints, but on stderr. */
    @Test
    void noCommandIsWrongUsageWithTheUsageOnStderr() {
        assertThat(run("--help")).isZero();
        String usage = out.toString();
        out.getBuffer().setLength(0);

        assertThat(run()).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo(usage).startsWith("Usage: dataapi ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "generate", "admin", "call", "client"})
    void aSubcommandIsBuiltAloneUnderItsFullName(String command) {
        CommandLine cli = Main.commandLineFor(new String[] {command, "--help"});

        assertThat(cli.getSubcommands()).containsOnlyKeys(command);
        assertThat(cli.getSubcommands().get(command).getCommandSpec().qualifiedName()).isEqualTo("dataapi " + command);
    }

    @Test
    void helpOptionsAndUnknownNamesGetEverySubcommand() {
        List<String> all = List.of("serve", "generate", "admin", "call", "client", "help");
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "generate"}, new String[] {"serv"})) {
            assertThat(Main.commandLineFor(args).getSubcommands().keySet()).as(String.join(" ", args)).containsExactlyElementsOf(all);
        }
        assertThat(run("serv", "--port", "8001")).isEqualTo(2);
        assertThat(err.toString()).contains("'serv'", "dataapi --help");
        assertThat(run("help", "generate")).isZero();
        assertThat(out.toString()).contains("Usage: dataapi generate", "--scale");
    }
}
