package dataapi.warehouse;

/**
 * Lets whoever asked for a query stop it while it runs, e.g. when the HTTP client has gone away.
 * The warehouse attaches the running statement's cancel; a cancel that comes first is remembered.
 */
public final class CancelSignal {
    private Runnable onCancel;
    private boolean cancelled;

    /** Cancels the query running under this signal, if any, and every later one. */
    public void cancel() {
        Runnable action;
        synchronized (this) {
            cancelled = true;
            action = onCancel;
        }
        if (action != null) {
            action.run();
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    void attach(Runnable action) {
        boolean already;
        synchronized (this) {
            onCancel = action;
            already = cancelled;
        }
        if (already) {
            action.run();
        }
    }

    synchronized void detach() {
        onCancel = null;
    }
}
