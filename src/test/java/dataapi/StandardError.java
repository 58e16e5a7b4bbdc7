package dataapi;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the process writes to standard error (where the server logs) while a piece of a test runs. */
public final class StandardError {
    /** Work that may throw anything a test may. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private StandardError() {
    }

    /** Runs {@code work} and returns what was written to standard error meanwhile, by any thread. */
    public static String during(Work work) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
