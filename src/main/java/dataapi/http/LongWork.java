package dataapi.http;

import io.javalin.http.Context;
import io.javalin.util.function.ThrowingRunnable;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * Where a request goes on once it has long work ahead: a wait for the warehouse, or a password to
 * hash at {@code /login} (PBKDF2, half a second of a core). On Java 21 and later it goes on on a
 * virtual thread of its own, which holds no platform thread while it waits, and gives Jetty's
 * thread back at once: answers from the cache and {@code /healthz}, which stay on Jetty's few
 * threads, never queue behind queries or logins, and are not handed to a virtual thread each,
 * which cost them a sixth to a fifth of their throughput on Java 25 (bench/RESULTS.md). Before 21
 * it stays on the request's own thread, one of Javalin's 250: a hand-off to a platform thread
 * made each uncached answer slower and bought nothing.
 */
final class LongWork {
    private final Executor executor;

    private LongWork(Executor executor) {
        this.executor = executor;
    }

    /** On virtual threads where the JVM has them, on the request's own thread otherwise. */
    static LongWork onVirtualThreadsIfAny() {
        return new LongWork(VirtualThreads.getNamedVirtualThreadsExecutor("long-work-"));
    }

    /** On the request's own thread, whatever the JVM. */
    static LongWork onTheRequestThread() {
        return new LongWork(null);
    }

    /** On {@code executor}'s threads, whatever the JVM. */
    static LongWork on(Executor executor) {
        return new LongWork(requireNonNull(executor, "executor is null"));
    }

    /**
     * Jetty's threads for requests, or empty for Javalin's pool of up to 250, which requests that do
     * their long work on Jetty's threads need. When long work goes elsewhere these threads only do
     * short work (parse, route, answer from the cache), and {@link #computingThreads()} of them
     * serve more answers, with a lower p99 and less memory, than a thread per busy connection
     * (bench/RESULTS.md).
     */
    Optional<ThreadPool> requestThreads() {
        if (executor == null) {
            return Optional.empty();
        }
        QueuedThreadPool threads = new QueuedThreadPool(computingThreads(), 8);
        threads.setName("JettyServerThreadPool");
        return Optional.of(threads);
    }

    /** The size of {@link #requestThreads()}'s pool: 8 threads a core, at least 16. */
    static int computingThreads() {
        return Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * Goes on with the request in {@code rest}, which answers it; what it throws is handled as a
     * handler's own exceptions are.
     */
    void goOn(Context ctx, ThrowingRunnable<Exception> rest) throws Exception {
        if (executor == null) {
            rest.run();
            return;
        }
        ctx.future(() -> CompletableFuture.runAsync(() -> {
            try {
                rest.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor));
    }
}
