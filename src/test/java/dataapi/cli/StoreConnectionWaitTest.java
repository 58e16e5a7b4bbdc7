package dataapi.cli;

import dataapi.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long {@code admin} and {@code serve} wait to connect to a PostgreSQL user store that takes
 * connections and does not answer them, as one too loaded to: a server's requests wait on the store,
 * so it gives up within 2 s; a command waits far longer, and says how long it waited.
 */
class StoreConnectionWaitTest {
    @TempDir
    Path work;

    /** A command's wait, shortened from its 30 s so that the test takes seconds, yet past a server's 2 s. */
    @Test
    void anAdminCommandWaitsItsOwnLongerWaitAndSaysHowLong() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Run run = run(Duration.ofSeconds(4), "admin", "--data-dir", work.toString(), "--auth-store", "postgres",
                    "--auth-store-url", silent.url(), "role", "create", "analyst");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().lines()).singleElement().isEqualTo("dataapi admin role create: the auth store (PostgreSQL " + silent.url()
                    + ") cannot be reached: no connection within 4 s");
            assertThat(run.took()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(10));
        }
    }

    /** Unshortened, a command is still waiting well past a server's wait; it ends as soon as the server goes. */
    @Test
    void anAdminCommandsOwnWaitIsLongerThanAServers() throws Exception {
        CompletableFuture<Run> admin;
        try (SilentServer silent = new SilentServer()) {
            admin = CompletableFuture.supplyAsync(() -> run(null, "admin", "--data-dir", work.toString(), "--auth-store", "postgres",
                    "--auth-store-url", silent.url(), "role", "list"));
            Thread.sleep(Duration.ofSeconds(4).toMillis());
            assertThat(admin).as("still waiting past a server's 2 s").isNotDone();
        }
        Run run = admin.get(30, TimeUnit.SECONDS);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("dataapi admin role list: the auth store (PostgreSQL ").doesNotContain("no connection within");
    }

    /** A server's wait is the short one (its whole start takes longer: it closes what it opened before it). */
    @Test
    void aServerGivesUpAfterTwoSecondsAndSaysSo() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Run run = run(null, "serve", "--port", "0", "--data-dir", work.toString(), "--auth", "builtin", "--auth-store", "postgres",
                    "--auth-store-url", silent.url());

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().lines()).singleElement().isEqualTo("dataapi serve: the auth store (PostgreSQL " + silent.url()
                    + ") cannot be reached: no connection within 2 s");
            assertThat(run.took()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
        }
    }

    private record Run(int exit, String err, Duration took) {
    }

    /** {@code dataapi ARGS}; an {@code admin} command with {@code adminWait} when it is given, else with its own. */
    private static Run run(Duration adminWait, String... args) {
        CommandLine cli = Main.commandLineFor(args);
        if (adminWait != null) {
            ((AdminCommand) cli.getSubcommands().get("admin").getCommand()).connectWait = adminWait;
        }
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        long started = System.nanoTime();
        int exit = cli.execute(args);
        return new Run(exit, err.toString(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** A server that takes every connection and never says a word, as a PostgreSQL too loaded to answer looks from outside. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> taken = new ArrayList<>();
        private final Thread accepting;

        SilentServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            accepting = new Thread(() -> {
                try {
                    while (true) {
                        Socket connection = socket.accept();
                        synchronized (taken) {
                            taken.add(connection);
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-server");
            accepting.start();
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/dataapi";
        }

        @Override
        public void close() throws Exception {
            socket.close();
            accepting.join();
            synchronized (taken) {
                for (Socket connection : taken) {
                    connection.close();
                }
            }
        }
    }
}
