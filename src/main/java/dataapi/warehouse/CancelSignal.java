package dataapi.warehouse;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets whoever asked for a query stop it, e.g. when the HTTP client has gone away: while the query
 * waits (for a thread, a connection, a session) and while it runs. The warehouse attaches what
 * stops the current step; a cancel that comes before a step keeps the step from starting.
 */
public final class CancelSignal {
    private Runnable onCancel;
    private boolean cancelled;

    /** A wait that ends early on an interrupt, as a pool's or a semaphore's does, with {@code E}. */
    @FunctionalInterface
    public interface Wait<T, E extends Exception> {
        T run() throws E;
    }

    /** Cancels the step running under this signal, if any, and keeps every later one from starting. */
    public synchronized void cancel() {
        cancelled = true;
        if (onCancel != null) {
            onCancel.run();
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs {@code action} on cancel, until {@link #detach}. Attaches nothing and returns false when
     * already cancelled: the step it would stop is not to start.
     */
    public synchronized boolean attach(Runnable action) {
        if (cancelled) {
            return false;
        }
        onCancel = action;
        return true;
    }

    /** Once this returns, the attached action no longer runs. */
    public synchronized void detach() {
        onCancel = null;
    }

    /**
     * Runs {@code wait} on this thread, which a cancel interrupts.
     *
     * @throws QueryCancelledException when cancelled before the wait, or while it waited
     * @throws E as the wait does otherwise; an {@link InterruptedException} with the thread's interrupt flag set again
     */
    public <T, E extends Exception> T await(Wait<T, E> wait) throws E, QueryCancelledException {
        Thread waiting = Thread.currentThread();
        AtomicBoolean interruptedByCancel = new AtomicBoolean();
        if (!attach(() -> {
            interruptedByCancel.set(true);
            waiting.interrupt();
        })) {
            throw new QueryCancelledException(null);
        }
        try {
            return wait.run();
        } catch (Exception e) {
            if (isCancelled()) {
                throw new QueryCancelledException(e);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e;
        } finally {
            detach();
            if (interruptedByCancel.get()) {
                // The cancel's interrupt was meant for the wait only (one from elsewhere at the same moment is lost with it).
                Thread.interrupted();
            }
        }
    }
}
