package dataapi.tpch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The embedded data for a server: found complete, or generated on a thread of its own while the
 * server already listens. A port in use is then found at once rather than after the generation,
 * and liveness probes get answers meanwhile, so an orchestrator does not restart a long generation
 * over and over.
 */
public final class BackgroundGeneration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundGeneration.class);

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Optional<Thread> thread;

    /** Nothing to generate. */
    private BackgroundGeneration() {
        this.thread = Optional.empty();
        done.complete(null);
    }

    /** The file to be generated, on a thread of its own once {@link #start()} is called. */
    private BackgroundGeneration(EmbeddedTpch tpch, ScaleFactor scale) {
        Thread generating = new Thread(() -> run(tpch, scale), "generate-tpch");
        // Stopping the server stops the process, whatever the generation is doing.
        generating.setDaemon(true);
        this.thread = Optional.of(generating);
    }

    /**
     * Nothing to wait for when the file for {@code scale} is complete, or held by another process;
     * else its generation, to be started.
     *
     * @throws IOException as {@link EmbeddedTpch#complete}: the file cannot be read, or cannot be generated here
     */
    public static BackgroundGeneration of(EmbeddedTpch tpch, ScaleFactor scale) throws IOException {
        requireNonNull(tpch, "tpch is null");
        requireNonNull(scale, "scale is null");
        try {
            return tpch.complete(scale).isPresent() ? none() : new BackgroundGeneration(tpch, scale);
        } catch (EmbeddedTpch.DatabaseLockedException e) {
            busy(e);
            return none();
        }
    }

    /** A file another process holds is busy rather than broken: served once it can be opened, and checked then. */
    private static void busy(EmbeddedTpch.DatabaseLockedException e) {
        log.warn("{}; answering 503 until it can be opened", e.getMessage());
    }

    /** Nothing to wait for: the data is there, or on another warehouse. */
    public static BackgroundGeneration none() {
        return new BackgroundGeneration();
    }

    /**
     * Starts the generation, if there is one. Called once the server listens: generating takes every
     * core, and a server starting beside it took seconds longer to listen.
     */
    public void start() {
        thread.ifPresent(Thread::start);
    }

    private void run(EmbeddedTpch tpch, ScaleFactor scale) {
        try {
            // of() found the file incomplete: only the look under the lock is left to do.
            tpch.generateUnlessDone(scale);
            done.complete(null);
        } catch (EmbeddedTpch.DatabaseLockedException e) {
            busy(e);
            done.complete(null);
        } catch (Exception | Error e) {
            done.completeExceptionally(e);
        }
    }

    /**
     * Completes once there is nothing to wait for: the file is complete, or another process holds it
     * (then served once it is free); exceptionally when the generation fails or is stopped.
     */
    public CompletableFuture<Void> done() {
        return done.copy();
    }

    /**
     * Stops a generation under way without waiting for it: its work directory is removed by the
     * next start (a statement inside DuckDB does not stop when its thread is interrupted).
     */
    @Override
    public void close() {
        if (done.cancel(false)) {
            thread.ifPresent(Thread::interrupt);
        }
    }
}
