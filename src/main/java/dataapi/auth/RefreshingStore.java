package dataapi.auth;

import java.util.function.UnaryOperator;

/**
 * The caching both stores share: the last state read, re-checked for another writer's change at
 * most every {@link AuthStore#STALENESS}, through a cheap version check.
 */
abstract class RefreshingStore implements AuthStore {
    private record Snapshot(AuthState state, Object version, long checkedNanos) {
    }

    private volatile Snapshot snapshot;

    /** A cheap token that changes whenever the stored state does. */
    protected abstract Object version();

    protected abstract AuthState read();

    /** Runs {@code change} on the stored state under the store's lock and writes the result. */
    protected abstract AuthState write(UnaryOperator<AuthState> change);

    /** Makes sure a signing key exists; called once the store is open. */
    protected final void initialize() {
        if (current().signingKey().isEmpty()) {
            update(state -> state.signingKey().isPresent() ? state : state.withSigningKey(SigningKey.generate()));
        }
    }

    @Override
    public final AuthState current() {
        Snapshot last = snapshot;
        long now = System.nanoTime();
        if (last != null && now - last.checkedNanos() < STALENESS.toNanos()) {
            return last.state();
        }
        synchronized (this) {
            last = snapshot;
            if (last != null && now - last.checkedNanos() < STALENESS.toNanos()) {
                return last.state();
            }
            Object version = version();
            AuthState state = last != null && last.version().equals(version) ? last.state() : read();
            snapshot = new Snapshot(state, version, now);
            return state;
        }
    }

    @Override
    public final synchronized AuthState latest() {
        Object version = version();
        Snapshot last = snapshot;
        AuthState state = last != null && last.version().equals(version) ? last.state() : read();
        snapshot = new Snapshot(state, version, System.nanoTime());
        return state;
    }

    @Override
    public final synchronized AuthState update(UnaryOperator<AuthState> change) {
        AuthState state = write(change);
        snapshot = new Snapshot(state, version(), System.nanoTime());
        return state;
    }
}
