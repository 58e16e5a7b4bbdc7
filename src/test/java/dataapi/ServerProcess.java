package dataapi;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dataapi} as a process of its own: only the given environment (PATH aside), its output in a log file. */
public final class ServerProcess {
    private ServerProcess() {
    }

    /**
     * @param launch what follows {@code java}: JVM options, then the class path and main class, or {@code -jar JAR}
     * @param arguments the command and its flags
     */
    public static Process start(List<String> launch, Map<String, String> environment, Path log, List<String> arguments) throws IOException {
        return start(Path.of(System.getProperty("java.home"), "bin", "java"), launch, environment, log, arguments);
    }

    /** As {@link #start(List, Map, Path, List)}, with another {@code java} than the tests'. */
    public static Process start(Path java, List<String> launch, Map<String, String> environment, Path log, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(launch);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * A java of at least the version the Dockerfile's runtime stage runs the server on: the tests' own,
     * or a JDK under /usr/lib/jvm (this machine has Temurin's beside Debian's 17).
     */
    public static Path imageJava() throws IOException {
        Matcher runtime = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre$")
                .matcher(Files.readString(Path.of("deploy", "Dockerfile"), UTF_8));
        assertThat(runtime.find()).as("the Dockerfile's runtime stage").isTrue();
        int version = Integer.parseInt(runtime.group(1));
        if (Runtime.version().feature() >= version) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            Optional<Path> found = jdks.filter(jdk -> featureVersion(jdk) >= version).map(jdk -> jdk.resolve("bin/java"))
                    .filter(Files::isExecutable).findFirst();
            assertThat(found).as("a Java " + version + " or later under /usr/lib/jvm, as the image runs").isPresent();
            return found.orElseThrow();
        }
    }

    /** The JDK's feature version from its {@code release} file, or 0. */
    private static int featureVersion(Path jdk) {
        try {
            Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(jdk.resolve("release"), UTF_8));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException notAJdk) {
            return 0;
        }
    }

    /** Waits up to 90 s for the server's "Ready in" line; its log so far. */
    public static List<String> awaitReady(Process serve, Path log) throws Exception {
        return awaitLine(serve, log, "Ready in");
    }

    /** Waits up to 90 s for a line of the server's that contains {@code text}; its log so far. */
    public static List<String> awaitLine(Process serve, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(log, UTF_8).contains(text) && serve.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(log, UTF_8);
        assertThat(lines).as("the server started").anySatisfy(line -> assertThat(line).contains(text));
        return lines;
    }

    /** The address the server's last start line names: "Ready in", or "Started without the warehouse in". */
    public static URI baseUrl(List<String> log) {
        Matcher ready = Pattern.compile("(?:Ready|Started without the warehouse) in \\d+ ms: open (\\S+)/test").matcher(String.join("\n", log));
        assertThat(ready.find()).isTrue();
        return URI.create(ready.group(1));
    }

    /** The last three lines of the log, for a failure's message. */
    public static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** Stops the server and waits for it to exit. */
    public static void stop(Process serve) throws InterruptedException {
        serve.destroy();
        serve.waitFor(30, TimeUnit.SECONDS);
    }
}
