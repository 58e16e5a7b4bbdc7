package dataapi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;

/**
 * A process that holds a DuckDB file open for writing, and so locked, until its standard input
 * closes: another program working on the file, as a test sees it.
 */
public final class HoldDuckDbLock {
    private HoldDuckDbLock() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection writer = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() != -1) {
                // Holds the lock until the test closes our input.
            }
        }
    }

    /** Starts a process that locks {@code file}, and returns once it holds the lock. */
    public static Held on(Path file) throws IOException {
        // Native access allowed, so that Java 24+ prints no warning ahead of the line read below.
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), HoldDuckDbLock.class.getName(),
                file.toString())
                .redirectErrorStream(true).start();
        String first = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(first)) {
            holder.destroyForcibly();
            throw new IllegalStateException("the lock holder said " + first);
        }
        return new Held(holder);
    }

    /** The process holding the lock; closing it kills the process if it is still running. */
    public static final class Held implements AutoCloseable {
        private final Process holder;

        private Held(Process holder) {
            this.holder = holder;
        }

        /** Lets go of the lock and waits until the process has ended. */
        public void release() throws InterruptedException {
            try {
                holder.getOutputStream().close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the lock holder did not end");
            }
        }

        @Override
        public void close() {
            holder.destroyForcibly();
        }
    }
}
