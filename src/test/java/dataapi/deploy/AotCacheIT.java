package dataapi.deploy;

import dataapi.DataApi;
import dataapi.Http;
import dataapi.ServerProcess;
import dataapi.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's ahead-of-time cache, made as the Dockerfile makes it: deploy/aot-training with the
 * image's JVM settings and a Java of the image's version, the one Temurin JDK beside the tests'
 * here. The image itself cannot be built here; this runs what its build step runs.
 */
class AotCacheIT {
    private static final Path JAR = Path.of("target", "dataapi.jar").toAbsolutePath();
    /** Classes of each layer the server's start loads: its own, Jetty's, Javalin's, jOOQ's, DuckDB's driver. */
    private static final List<String> CLASSES = List.of("dataapi.http.ApiServer", "dataapi.report.TopCustomers",
            "org.eclipse.jetty.server.Server", "io.javalin.Javalin", "org.jooq.impl.DSL", "org.duckdb.DuckDBConnection");
    private static final Pattern CLASS_LOAD = Pattern.compile("\\[class,load\\s*] (\\S+) source: (.+)$");
    private static final String FROM_CACHE = "shared objects file";

    @Test
    void aServerStartedWithTheCacheLoadsItsClassesFromItAndAnswersAsWithout(@TempDir Path dir) throws Exception {
        Path java = ServerProcess.imageJava();
        Path cache = dir.resolve("dataapi.aot");
        Path trainingLog = dir.resolve("training.log");
        List<String> ports = freePorts(2);
        Process training = new ProcessBuilder("deploy/aot-training", java.toString(), "deploy/jvm.args", JAR.toString(),
                cache.toString(), ports.get(0), ports.get(1)).redirectErrorStream(true).redirectOutput(trainingLog.toFile()).start();
        assertThat(training.waitFor(5, TimeUnit.MINUTES)).as("the training ended").isTrue();
        assertThat(training.exitValue()).as(Files.readString(trainingLog, UTF_8)).isZero();
        assertThat(cache).isNotEmptyFile();

        Path dataDir = Files.createDirectory(dir.resolve("data"));
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        // AOTMode=on: a cache that does not fit this java, these settings and this jar stops the JVM.
        Map<String, String> withCache = serve(java, dataDir, dir.resolve("with"), "-XX:AOTCache=" + cache, "-XX:AOTMode=on");
        Map<String, String> without = serve(java, dataDir, dir.resolve("without"), "-XX:AOTMode=off");

        assertThat(withCache.keySet()).containsAll(CLASSES);
        for (String name : CLASSES) {
            assertThat(withCache.get(name)).as(name + " with the cache").contains(FROM_CACHE);
            assertThat(without.get(name)).as(name + " without it").doesNotContain(FROM_CACHE);
        }
    }

    /**
     * Starts {@code serve} on {@code java} with the image's JVM settings and {@code flags}, and a
     * metrics port as the image has, checks both families of both reports against the in-process
     * server, stops it; where each class it loaded came from.
     */
    private static Map<String, String> serve(Path java, Path dataDir, Path logs, String... flags) throws Exception {
        Files.createDirectory(logs);
        Path log = logs.resolve("serve.log");
        Path classes = logs.resolve("classes.log");
        List<String> launch = new ArrayList<>(List.of("@deploy/jvm.args"));
        launch.addAll(List.of(flags));
        launch.addAll(List.of("-Xlog:class+load=info:file=" + classes, "-jar", JAR.toString()));
        Process serve = ServerProcess.start(java, launch, Map.of(), log, List.of("serve", "--port", "0", "--metrics-port", "0",
                "--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString()));
        try (DataApi inProcess = DataApi.start(TestData.serverConfig())) {
            URI base = ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log));
            for (String path : List.of("/connector/customers/top10?start_range=1995-02-01&end_range=1995-02-14",
                    "/snowpark/customers/top10", "/connector/clerk/000000002/yearly_sales/1995",
                    "/snowpark/clerk/000000002/yearly_sales/1995")) {
                HttpResponse<String> answer = Http.get(base.getPort(), path);
                assertThat(answer.statusCode()).as(path).isEqualTo(200);
                assertThat(answer.body()).as(path).isEqualTo(Http.get(inProcess.port(), path).body());
            }
        } finally {
            ServerProcess.stop(serve);
        }
        Map<String, String> sources = new HashMap<>();
        for (String line : Files.readAllLines(classes, UTF_8)) {
            Matcher load = CLASS_LOAD.matcher(line);
            if (load.find()) {
                sources.put(load.group(1), load.group(2));
            }
        }
        return sources;
    }

    /** {@code count} ports free now, each another, held open together while they are picked. */
    private static List<String> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(socket -> Integer.toString(socket.getLocalPort())).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
