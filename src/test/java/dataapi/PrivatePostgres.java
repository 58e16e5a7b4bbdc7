package dataapi;

import dataapi.config.PostgresConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own (initdb, pg_ctl from Debian's postgresql package, which
 * {@code scripts/test} installs), on a free loopback port, which the test may stop and start at
 * will without disturbing the shared server other tests use. Run as the {@code postgres} OS user
 * when the tests run as root, since PostgreSQL refuses to run as root.
 */
public final class PrivatePostgres implements AutoCloseable {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String USER = "dataapi_test";

    private final Path directory;
    private final Path data;
    private final int port;

    public PrivatePostgres() throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL 15 is missing at " + BIN + ": run ./scripts/test, which installs it");
        }
        directory = Files.createTempDirectory("dataapi-pg-");
        data = directory.resolve("data");
        if (isRoot()) {
            run("chown", "postgres:postgres", directory.toString());
        }
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        asPostgres(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                "--no-sync", "--locale=C.UTF-8");
        start();
    }

    public int port() {
        return port;
    }

    /** The settings that point the server at this cluster's {@code postgres} database. */
    public PostgresConfig config() {
        return new PostgresConfig("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
    }

    public void start() throws IOException, InterruptedException {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", directory.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** A fast stop: running queries are cut off and connections closed, as in an outage. */
    public void stop() throws IOException, InterruptedException {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stop();
            }
        } finally {
            TestFiles.deleteTree(directory);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        run(line.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
