package dataapi.warehouse;

/**
 * Lets whoever asked for a query stop it while it runs, e.g. when the HTTP client has gone away.
 * The warehouse attaches the running statement's cancel; a cancel that comes first is remembered.
 */
public final class CancelSignal {
    private Runnable onCancel;
    private boolean cancelled;

    /** Cancels the query running under this signal, if any, and every later one. */
    public synchronized void cancel() {
        cancelled = true;
        if (onCancel != null) {
            onCancel.run();
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancel, until {@link #detach}; at once when already cancelled. */
    synchronized void attach(Runnable action) {
        onCancel = action;
        if (cancelled) {
            action.run();
        }
    }

    /** Once this returns, the attached action no longer runs. */
    synchronized void detach() {
        onCancel = null;
    }
}
