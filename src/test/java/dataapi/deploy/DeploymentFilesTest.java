package dataapi.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.Main;
import dataapi.TestData;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files under deploy/ agree with each other and with the server. The image itself cannot be
 * built here (no container engine), so the Dockerfile is checked as text.
 */
class DeploymentFilesTest {
    private static final Path DEPLOY = Path.of("deploy");

    private static JsonNode serviceSpec() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(DEPLOY.resolve("spcs/service.yaml").toFile());
    }

    private static String read(Path path) throws Exception {
        return Files.readString(path, UTF_8);
    }

    /** The port {@code serve} listens on when DATAAPI_PORT is not set, as its help states it. */
    private static int servesDefaultPort() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.execute("serve", "--help");
        Matcher port = Pattern.compile("env DATAAPI_PORT, default (\\d+)").matcher(out.toString().replaceAll("\\s+", " "));
        assertThat(port.find()).as("serve --help names its default port").isTrue();
        return Integer.parseInt(port.group(1));
    }

    @Test
    void theServiceSpecIsTheQuickstartsForThisServer() throws Exception {
        JsonNode spec = serviceSpec();
        JsonNode container = spec.path("spec").path("containers").path(0);
        JsonNode endpoint = spec.path("spec").path("endpoints").path(0);

        assertThat(container.path("name").asText()).isEqualTo("api");
        assertThat(container.path("image").asText()).isEqualTo("/api/public/api/dataapi:latest");
        assertThat(container.path("resources").path("requests").path("cpu").asDouble()).isEqualTo(0.5);
        assertThat(container.path("resources").path("requests").path("memory").asText()).isEqualTo("128M");
        assertThat(container.path("resources").path("limits").path("cpu").asDouble()).isEqualTo(1.0);
        assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("256M");
        assertThat(container.path("env").path("DATAAPI_WAREHOUSE").asText()).isEqualTo("snowflake");
        // The service listens on every address; the SPCS ingress authenticates its callers.
        assertThat(container.path("env").path("DATAAPI_AUTH").asText()).isEqualTo("spcs");
        assertThat(container.path("env").path("DATAAPI_HOST").asText()).isEqualTo("0.0.0.0");
        assertThat(container.path("env").path("SNOWFLAKE_WAREHOUSE").asText()).isEqualTo("DATA_API_WH");
        assertThat(endpoint.path("name").asText()).isEqualTo("api");
        assertThat(endpoint.path("public").asBoolean()).isTrue();
        assertThat(spec.path("serviceRoles").path(0).path("name").asText()).isEqualTo("api_sr");
        // The service role, which the API's callers are granted, reaches the API's endpoint alone, not the metrics'.
        assertThat(spec.path("serviceRoles").path(0).path("endpoints")).extracting(JsonNode::asText).containsExactly("api");
    }

    /**
     * The metrics have a port of their own, which an endpoint that is not public reaches (a scraper in
     * the compute pool, never the ingress), and which the image exposes and sets as well.
     */
    @Test
    void theMetricsPortIsAnEndpointThatIsNotPublic() throws Exception {
        JsonNode spec = serviceSpec();
        int metricsPort = spec.path("spec").path("containers").path(0).path("env").path("DATAAPI_METRICS_PORT").asInt();
        List<JsonNode> endpoints = new ArrayList<>();
        spec.path("spec").path("endpoints").forEach(endpoints::add);
        JsonNode metrics = endpoints.stream().filter(endpoint -> endpoint.path("name").asText().equals("metrics")).findFirst().orElseThrow();

        assertThat(metricsPort).isPositive().isNotEqualTo(servesDefaultPort());
        assertThat(metrics.path("port").asInt()).isEqualTo(metricsPort);
        assertThat(metrics.has("public")).isTrue();
        assertThat(metrics.path("public").asBoolean()).isFalse();
        assertThat(endpoints).filteredOn(endpoint -> endpoint.path("public").asBoolean()).extracting(endpoint -> endpoint.path("port").asInt())
                .doesNotContain(metricsPort);

        String dockerfile = read(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("DATAAPI_METRICS_PORT=" + metricsPort).containsPattern("(?m)^EXPOSE( \\d+)* " + metricsPort + "( |$)");
    }

    @Test
    void theEndpointAndProbesUseThePortAndPathsTheServerServes() throws Exception {
        JsonNode spec = serviceSpec();
        JsonNode container = spec.path("spec").path("containers").path(0);
        int port = servesDefaultPort();

        assertThat(port).isEqualTo(8001);
        assertThat(spec.path("spec").path("endpoints").path(0).path("port").asInt()).isEqualTo(port);
        assertThat(container.path("env").path("DATAAPI_PORT").asInt()).isEqualTo(port);
        assertThat(container.path("readinessProbe").path("port").asInt()).isEqualTo(port);
        assertThat(container.path("readinessProbe").path("path").asText()).isEqualTo("/readyz");

        String dockerfile = read(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + port + "( |$)").contains("DATAAPI_PORT=" + port, "DATAAPI_HOST=0.0.0.0")
                .containsPattern("HEALTHCHECK [^\\n]*\\n\\s*CMD curl -fsS http://127\\.0\\.0\\.1:" + port + "/healthz");
    }

    @Test
    void theServerAnswersTheProbesPaths() throws Exception {
        String readiness = serviceSpec().path("spec").path("containers").path(0).path("readinessProbe").path("path").asText();
        Matcher health = Pattern.compile("CMD curl -fsS http://127\\.0\\.0\\.1:\\d+(/\\S*)").matcher(read(DEPLOY.resolve("Dockerfile")));
        assertThat(health.find()).isTrue();
        try (DataApi api = DataApi.start(TestData.serverConfig())) {
            for (String path : List.of(readiness, health.group(1))) {
                assertThat(Http.get(api.port(), path).statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void theDockerfileBuildsTheJarTheReadmeBuildsAndRunsItAsAnotherUser() throws Exception {
        String firstCommand = read(Path.of("README.md")).lines()
                .filter(line -> line.contains("mvn ")).findFirst().orElseThrow();
        Matcher readme = Pattern.compile("`(mvn [^`&]+?)\\s*&&\\s*java -jar (\\S+)").matcher(firstCommand);
        assertThat(readme.find()).as("the README's first command builds and runs the jar").isTrue();
        String jar = readme.group(2);
        String dockerfile = read(DEPLOY.resolve("Dockerfile"));

        assertThat(dockerfile).contains("RUN " + readme.group(1) + "\n");
        assertThat(dockerfile).contains("COPY --from=build /src/" + jar + " /app/dataapi.jar",
                "COPY --from=build /src/target/libduckdb_java.so_linux_* /app/",
                "COPY --from=build /src/target/snowflake /app/snowflake");
        assertThat(read(Path.of("pom.xml"))).contains("<outputDirectory>${project.build.directory}/snowflake</outputDirectory>");
        assertThat(read(Path.of("pom.xml"))).contains("<includes>libduckdb_java.so_linux_*</includes>");
        assertThat(read(Path.of("pom.xml"))).contains("<finalName>" + jar.replace("target/", "").replace(".jar", "") + "</finalName>");
        assertThat(dockerfile).contains("\"-jar\", \"/app/dataapi.jar\"");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("FROM ")).toList()).hasSize(2);
        List<String> users = dockerfile.lines().filter(line -> line.startsWith("USER ")).toList();
        assertThat(users).hasSize(1).noneSatisfy(user -> assertThat(user).isIn("USER root", "USER 0"));
        // The container's JVM settings, in the one file that bench/run measures the server with.
        assertThat(dockerfile).contains("COPY deploy/jvm.args /app/jvm.args",
                "[\"java\", \"@/app/jvm.args\", \"-XX:AOTCache=/app/dataapi.aot\", \"-jar\", \"/app/dataapi.jar\"]");
        // The cache is trained on the jar and settings the entry point runs, and on the ports the image sets, its metrics
        // port's listener included, the variables set before the training (AotCacheIT runs the script).
        assertThat(dockerfile).contains("RUN /tmp/aot-training java /app/jvm.args /app/dataapi.jar /app/dataapi.aot \"$DATAAPI_PORT\" \"$DATAAPI_METRICS_PORT\"",
                "    DATAAPI_PORT=", "    DATAAPI_METRICS_PORT=");
        assertThat(dockerfile.indexOf("RUN /tmp/aot-training")).isGreaterThan(dockerfile.indexOf("COPY deploy/jvm.args"))
                .isGreaterThan(dockerfile.lastIndexOf("COPY --from=build")).isLessThan(dockerfile.indexOf("USER "))
                .isGreaterThan(dockerfile.indexOf("DATAAPI_PORT=")).isGreaterThan(dockerfile.indexOf("DATAAPI_METRICS_PORT="));
        assertThat(read(Path.of("bench/run"))).contains("java @deploy/jvm.args -jar target/dataapi.jar serve");
    }

    @Test
    void theImageRunsAJavaWithVirtualThreadsThatLetsDuckDbLoadItsLibraryQuietly() throws Exception {
        String runtime = read(DEPLOY.resolve("Dockerfile")).lines().filter(line -> line.startsWith("FROM "))
                .reduce((first, last) -> last).orElseThrow();
        Matcher version = Pattern.compile("FROM eclipse-temurin:(\\d+)-jre").matcher(runtime);

        assertThat(version.matches()).as(runtime).isTrue();
        // Requests waiting for the warehouse go on on virtual threads from Java 21 on (http/LongWork).
        assertThat(Integer.parseInt(version.group(1))).isGreaterThanOrEqualTo(21);
        // Java 24+ warns on stderr about JNI unless the jar's manifest allows it.
        assertThat(read(Path.of("pom.xml"))).contains("<Enable-Native-Access>ALL-UNNAMED</Enable-Native-Access>");
    }

    @Test
    void theContainersJvmSettingsGiveA64MbHeapOutOf256Mb() throws Exception {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + DEPLOY.resolve("jvm.args"), "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes(), UTF_8);
        assertThat(java.waitFor()).as(flags).isZero();
        assertThat(flag(flags, "MaxRAM")).isEqualTo(256L << 20);
        assertThat(flag(flags, "MaxHeapSize")).isEqualTo(64L << 20);
        assertThat(flag(flags, "InitialHeapSize")).isEqualTo(64L << 20);
        assertThat(flag(flags, "UseSerialGC")).isEqualTo(1);
        assertThat(flag(flags, "TrimNativeHeapInterval")).isPositive();
    }

    /** A flag's value in -XX:+PrintFlagsFinal's output; booleans as 0 or 1. */
    private static long flag(String flags, String name) {
        Matcher line = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(flags);
        assertThat(line.find()).as(name).isTrue();
        String value = line.group(1);
        return switch (value) {
            case "true" -> 1;
            case "false" -> 0;
            default -> Long.parseLong(value);
        };
    }

    @Test
    void setupCreatesTheServiceFromThisSpecAndGrantsItsRole() throws Exception {
        String setup = read(DEPLOY.resolve("snowflake/setup.sql"));
        assertThat(setup).contains("PUT file://deploy/spcs/service.yaml @API.PUBLIC.SPECS",
                "FROM @API.PUBLIC.SPECS\n  SPECIFICATION_FILE = 'service.yaml'", "QUERY_WAREHOUSE = DATA_API_WH",
                "GRANT SERVICE ROLE API.PUBLIC.API!API_SR TO ROLE APIROLE");
        assertThat(Path.of("deploy/spcs/service.yaml")).exists();
        // The spec's image is in the repository setup creates; its warehouse is the one setup creates.
        assertThat(setup).contains("CREATE IMAGE REPOSITORY IF NOT EXISTS API.PUBLIC.API", "CREATE WAREHOUSE IF NOT EXISTS DATA_API_WH");
    }

    @Test
    void cleanupDropsEverythingSetupCreates() throws Exception {
        String setup = read(DEPLOY.resolve("snowflake/setup.sql"));
        String cleanup = read(DEPLOY.resolve("snowflake/cleanup.sql")).toUpperCase(Locale.ROOT);
        Matcher created = Pattern.compile("CREATE (DATABASE|WAREHOUSE|ROLE|IMAGE REPOSITORY|COMPUTE POOL|STAGE|SERVICE|USER|NETWORK POLICY)"
                + " IF NOT EXISTS ([A-Z0-9_.]+)").matcher(setup);
        List<String> objects = new ArrayList<>();
        while (created.find()) {
            String kind = created.group(1);
            String name = created.group(2);
            objects.add(kind + " " + name);
            // Objects inside the API database go with it.
            boolean insideApiDatabase = name.startsWith("API.") && !kind.equals("SERVICE");
            if (!insideApiDatabase) {
                assertThat(cleanup).as(kind + " " + name).contains("DROP " + kind + " IF EXISTS " + name + ";");
            }
        }
        assertThat(objects).hasSize(10);
        assertThat(cleanup).contains("DROP DATABASE IF EXISTS API;");
        // A service must go before its compute pool, the user before the network policy it uses.
        assertThat(cleanup.indexOf("DROP SERVICE")).isLessThan(cleanup.indexOf("DROP COMPUTE POOL"));
        assertThat(cleanup.indexOf("DROP USER")).isLessThan(cleanup.indexOf("DROP NETWORK POLICY"));
    }
}
