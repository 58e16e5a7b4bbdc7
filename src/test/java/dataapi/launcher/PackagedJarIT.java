package dataapi.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.ServerProcess;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.snowflake.SnowflakeDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as it ships: {@code java -jar target/dataapi.jar}, with Snowflake's libraries
 * beside it in {@code target/snowflake/}, which {@link Launcher} opens only for Snowflake.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target", "dataapi.jar").toAbsolutePath();
    private static final Path SNOWFLAKE_JARS = JAR.resolveSibling(SnowflakeLibraries.DIRECTORY);
    private static final String PASSWORD = "pat-secret";
    private static final List<String> REPORTS = List.of(
            "/customers/top10?start_range=1995-02-01&end_range=1995-02-14", "/clerk/000000002/yearly_sales/1995");

    /** The reports, and a declared endpoint's timestamp column, whose reading asks whether the warehouse is Snowflake. */
    @Test
    void theEmbeddedServerAnswersWithoutOpeningSnowflakesJars(@TempDir Path dataDir) throws Exception {
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        Path endpoints = Files.writeString(dataDir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "noon", "title": "Noon", "path": "/noon", "parameters": [],
                  "sql": "SELECT TIMESTAMP '1995-02-01 12:00:00.5' AS at", "columns": [{"name": "AT", "type": "timestamp"}]}]}""");
        Path log = dataDir.resolve("serve.log");
        Process serve = ServerProcess.start(List.of("-jar", JAR.toString()), Map.of(), log, List.of("serve", "--port", "0",
                "--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString(), "--threads", "2",
                "--endpoints", endpoints.toString()));
        try (DataApi inProcess = DataApi.start(TestData.serverConfig())) {
            URI base = ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log));
            assertAnswersAsIn(base, inProcess);
            HttpResponse<String> noon = Http.get(base.getPort(), "/connector/noon");
            assertThat(noon.statusCode()).as(noon.body()).isEqualTo(200);
            assertThat(noon.body()).isEqualTo("[{\"AT\":\"1995-02-01T12:00:00.5\"}]");
            assertOpensNoSnowflakeJar(serve.pid());
            assertThat(versionOf(JAR)).isEqualTo("dataapi " + new ObjectMapper().readTree(Http.get(base.getPort(), "/openapi.json").body())
                    .path("info").path("version").asText()).doesNotContain("development");
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /** What {@code java -jar jar -V} prints. */
    private static String versionOf(Path jar) throws Exception {
        Process version = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "-V")
                .redirectErrorStream(true).start();
        String printed = new String(version.getInputStream().readAllBytes(), UTF_8).strip();
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return printed;
    }

    @Test
    void onSnowflakeBothFamiliesRunThroughTheJarsBesideIt(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        try (SnowflakeDouble snowflake = new SnowflakeDouble(TestData.database(),
                login -> login.path("LOGIN_NAME").asText().equals("API_USER") && login.path("PASSWORD").asText().equals(PASSWORD));
             DataApi embedded = DataApi.start(TestData.serverConfig())) {
            Process serve = ServerProcess.start(List.of("-jar", JAR.toString()), snowflakeSettings(snowflake.port()), log,
                    List.of("serve", "--warehouse", "snowflake", "--port", "0", "--orders-table", SnowflakeDouble.ORDERS));
            try {
                assertAnswersAsIn(ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log)), embedded);
                assertThat(openFiles(serve.pid()))
                        .anySatisfy(file -> assertThat(file.getFileName().toString()).startsWith("snowpark-"))
                        .anySatisfy(file -> assertThat(file.getFileName().toString()).startsWith("snowflake-jdbc-"));
            } finally {
                ServerProcess.stop(serve);
            }
        }
    }

    @Test
    void onPostgresTheJarGeneratesAndServesWithoutOpeningSnowflakesJars(@TempDir Path dir) throws Exception {
        try (TestPostgres postgres = new TestPostgres(); DataApi embedded = DataApi.start(TestData.serverConfig())) {
            Map<String, String> settings = Map.of("DATAAPI_JDBC_URL", postgres.jdbcUrl(), "DATAAPI_JDBC_USER", TestPostgres.USER,
                    "DATAAPI_JDBC_PASSWORD", TestPostgres.PASSWORD);
            Path generateLog = dir.resolve("generate.log");
            Process generate = ServerProcess.start(List.of("-jar", JAR.toString()), settings, generateLog,
                    List.of("generate", "--warehouse", "postgres", "--scale", TestData.SCALE.toString()));
            assertThat(generate.waitFor(120, TimeUnit.SECONDS)).as("generate ended").isTrue();
            assertThat(generate.exitValue()).as(ServerProcess.tail(generateLog)).isZero();

            Path log = dir.resolve("serve.log");
            Process serve = ServerProcess.start(List.of("-jar", JAR.toString()), settings, log,
                    List.of("serve", "--warehouse", "postgres", "--port", "0"));
            try {
                assertAnswersAsIn(ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log)), embedded);
                assertOpensNoSnowflakeJar(serve.pid());
            } finally {
                ServerProcess.stop(serve);
            }
        }
    }

    @Test
    void withoutItsLibrariesSnowflakeStopsNamingWhereTheyBelong(@TempDir Path dir) throws Exception {
        // A copy: the JVM would follow a link to the jar, and find the libraries beside the original.
        Path jar = Files.copy(JAR, dir.resolve("dataapi.jar"));
        Path log = dir.resolve("serve.log");
        Process serve = ServerProcess.start(List.of("-jar", jar.toString()), snowflakeSettings(9), log,
                List.of("serve", "--warehouse", "snowflake", "--port", "0"));
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(serve.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log, UTF_8)).contains("dataapi serve: Snowflake's libraries are not installed: cannot list "
                + dir.resolve(SnowflakeLibraries.DIRECTORY) + " (it ships beside dataapi.jar)").doesNotContain(PASSWORD);
    }

    /**
     * Without DuckDB's native library beside it, the embedded warehouse's commands stop in one line naming where it
     * belongs, before they generate anything, and without the stack trace DuckDB prints of its own.
     */
    @Test
    void withoutDuckDbsLibraryTheEmbeddedCommandsStopNamingWhereItBelongs(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("dataapi.jar"));
        Path data = dir.resolve("data");
        String library = "libduckdb_java.so_linux_amd64";
        assertThat(JAR.resolveSibling(library)).as("the build puts it beside the jar").isRegularFile();
        for (List<String> command : List.of(List.of("serve", "--port", "0"), List.of("generate"))) {
            Path log = dir.resolve(command.get(0) + ".log");
            List<String> arguments = new ArrayList<>(command);
            arguments.addAll(List.of("--data-dir", data.toString(), "--scale", TestData.SCALE.toString()));
            Process run = ServerProcess.start(List.of("-jar", jar.toString()), Map.of(), log, arguments);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(run.exitValue()).as(command.get(0)).isEqualTo(1);
            assertThat(Files.readAllLines(log, UTF_8)).as(command.get(0)).filteredOn(line -> !line.contains("AUTHENTICATION IS OFF"))
                    .containsExactly("dataapi " + command.get(0) + ": DuckDB's native library is not installed: no " + library + " in " + dir
                            + " (it ships beside dataapi.jar)");
            assertThat(data.resolve("tpch-" + TestData.SCALE.label() + ".duckdb")).as("nothing generated").doesNotExist();
        }
    }

    /** What the launcher sends to Snowflake's jars is not in dataapi.jar, and no class is in both. */
    @Test
    void snowflakesPackagesAreOnlyInTheJarsBesideIt() throws IOException {
        Set<String> application = entries(JAR);
        assertThat(application).contains("dataapi/Main.class");
        assertThat(application).filteredOn(SnowflakeLibraries::isSnowflakes).isEmpty();
        Set<String> snowflakes = new HashSet<>();
        try (Stream<Path> jars = Files.list(SNOWFLAKE_JARS)) {
            for (Path jar : jars.toList()) {
                snowflakes.addAll(entries(jar));
            }
        }
        assertThat(snowflakes).contains("com/snowflake/snowpark_java/Session.class", "net/snowflake/client/jdbc/SnowflakeDriver.class");
        snowflakes.retainAll(application);
        assertThat(snowflakes).filteredOn(entry -> entry.endsWith(".class")).isEmpty();
    }

    /** Both families of both reports answer 200 with what the in-process embedded server answers. */
    private static void assertAnswersAsIn(URI server, DataApi expected) throws Exception {
        for (String family : List.of("/connector", "/snowpark")) {
            for (String report : REPORTS) {
                HttpResponse<String> answer = Http.get(server.getPort(), family + report);
                assertThat(answer.statusCode()).as(family + report).isEqualTo(200);
                assertThat(answer.body()).as(family + report).isEqualTo(Http.get(expected.port(), family + report).body());
            }
        }
    }

    private static Map<String, String> snowflakeSettings(int port) {
        return Map.of("SNOWFLAKE_ACCOUNT", "dataapi_test", "SNOWFLAKE_HOST", "127.0.0.1", "SNOWFLAKE_PORT", Integer.toString(port),
                "SNOWFLAKE_PROTOCOL", "http", "SNOWFLAKE_WAREHOUSE", "COMPUTE_WH", "SNOWFLAKE_DATABASE", "API_DB",
                "SNOWFLAKE_SCHEMA", "PUBLIC", "SNOWFLAKE_USER", "API_USER", "SNOWFLAKE_PASSWORD", PASSWORD);
    }

    private static void assertOpensNoSnowflakeJar(long pid) throws IOException {
        Set<Path> open = openFiles(pid);
        assertThat(open).as("the check sees the jars the JVM holds open").contains(JAR);
        assertThat(open).filteredOn(file -> file.startsWith(SNOWFLAKE_JARS)).isEmpty();
    }

    /** The files the process holds open, from /proc. */
    private static Set<Path> openFiles(long pid) throws IOException {
        Set<Path> files = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    files.add(Files.readSymbolicLink(descriptor));
                } catch (IOException closedMeanwhile) {
                    // Closed between the listing and the read: not open, then.
                }
            }
        }
        return files;
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return new HashSet<>(zip.stream().map(ZipEntry::getName).toList());
        }
    }
}
