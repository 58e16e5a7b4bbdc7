package dataapi.auth;

import dataapi.Outage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The caching both stores share: the last state read, re-checked for another writer's change
 * through a cheap version check once it is {@link #RECHECK_AFTER} old, by one caller at a time. The
 * others go on with the last state meanwhile while it is within {@link AuthStore#STALENESS}, and
 * are refused soon after, rather than queueing behind a store that does not answer. While the store
 * cannot be read, one caller a second tries it again, as the warehouse is probed.
 */
abstract class RefreshingStore implements AuthStore {
    private static final Logger log = LoggerFactory.getLogger(RefreshingStore.class);
    /** Half the staleness bound, so that a check under way still ends, or fails, within it. */
    private static final Duration RECHECK_AFTER = STALENESS.dividedBy(2);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** How long a caller without a usable state waits for another's check: far longer than a store that answers takes. */
    private static final Duration CHECK_WAIT = Duration.ofMillis(500);

    private record Snapshot(AuthState state, Object version, long checkedNanos) {
        boolean checkedWithin(Duration age, long now) {
            return now - checkedNanos < age.toNanos();
        }
    }

    /** Held by whoever reads or writes the store, so that the snapshot always follows the latest of them. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Outage outage = new Outage(PROBE_INTERVAL);
    private volatile Snapshot snapshot;
    private volatile boolean made;

    /** A cheap token that changes whenever the stored state does. */
    protected abstract Object version();

    protected abstract AuthState read();

    /**
     * Runs {@code change} on the stored state under the store's lock, writes the result, and gives
     * it with its version, taken before the lock is let go: a version read after could already be
     * another writer's, and that writer's change would then pass for this one's.
     */
    protected abstract Written write(UnaryOperator<AuthState> change);

    /** A state as written, and the {@link #version()} it was stored with. */
    protected record Written(AuthState state, Object version) {
    }

    /**
     * Checks that the store can be reached at all, quickly and without waiting on a pool, before a
     * caller tries it during an outage; reading it is check enough unless a store says otherwise.
     */
    protected void probe() {
    }

    /**
     * Reads the store, which makes sure a signing key exists; called once, when the store is opened. A
     * store that cannot be read then is not opened: the exception says why to whoever opens it (a
     * server starting, an admin command), and there is no outage of an open store to log.
     */
    protected final void initialize() {
        load();
    }

    @Override
    public final boolean made() {
        return made;
    }

    @Override
    public final AuthState current() {
        Snapshot last = snapshot;
        long now = System.nanoTime();
        if (last != null && last.checkedWithin(RECHECK_AFTER, now)) {
            return last.state();
        }
        // One check at a time: while the last state may still serve, the others go on with it; once it may
        // not, they wait for the check under way as long as a store that answers takes, not as long as one that does not.
        boolean usable = last != null && last.checkedWithin(STALENESS, now);
        if (!(usable ? lock.tryLock() : lockWithin(CHECK_WAIT))) {
            if (usable) {
                return last.state();
            }
            throw busy();
        }
        try {
            last = snapshot;
            if (last != null && last.checkedWithin(RECHECK_AFTER, System.nanoTime())) {
                return last.state();
            }
            return refresh();
        } catch (AuthStoreException e) {
            if (last != null && last.checkedWithin(STALENESS, System.nanoTime())) {
                return last.state();
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final AuthState latest() {
        if (!lockWithin(CHECK_WAIT)) {
            throw busy();
        }
        try {
            return refresh();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final AuthState update(UnaryOperator<AuthState> change) {
        // Writes come in bursts (each token exchange records its PAT's use) and wait for one another, but
        // not for long: behind a store that does not answer, each would otherwise wait out its timeout in turn.
        if (!lockWithin(STALENESS)) {
            throw busy();
        }
        try {
            // Reads try a store known to be gone once a second; a write would only wait out the pool's timeout.
            if (outage.isDown()) {
                throw AuthStoreException.announced("the auth store (" + this + ") cannot be reached", null);
            }
            Written written = write(change);
            snapshot = new Snapshot(written.state(), written.version(), System.nanoTime());
            return written.state();
        } finally {
            lock.unlock();
        }
    }

    /** Another caller holds the store longer than one that answers takes: during an outage, it is trying the store. */
    private AuthStoreException busy() {
        String message = "the auth store (" + this + ") is busy with another request for longer than one that answers takes";
        return outage.isDown() ? AuthStoreException.announced(message, null) : new AuthStoreException(message, null);
    }

    private boolean lockWithin(Duration wait) {
        try {
            return lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads the store if it changed; during an outage, only one caller a second tries. Called under the lock. */
    private AuthState refresh() {
        if (outage.isDown() && outage.refuses()) {
            throw AuthStoreException.announced("the auth store (" + this + ") cannot be reached; next try within " + PROBE_INTERVAL.toMillis() + " ms", null);
        }
        try {
            if (outage.isDown()) {
                probe();
            }
            AuthState state = load();
            if (outage.succeeded()) {
                log.info("The auth store ({}) can be read again", this);
            }
            return state;
        } catch (AuthStoreException e) {
            boolean known = outage.isDown();
            if (!known) {
                log.warn("The auth store ({}) cannot be read; requests are refused once its last state is {} s old, and it is tried every {} ms: {}",
                        this, STALENESS.toSeconds(), PROBE_INTERVAL.toMillis(), e.getMessage());
            }
            outage.failed();
            // The outage is logged once, as it begins: a later try that fails is a refusal the log has announced.
            throw known ? AuthStoreException.announced(e.getMessage(), e) : e;
        }
    }

    /**
     * Reads the store if it changed since the last state, which it then replaces. A state without a
     * signing key gets one: a new store, or one whose key was taken out, which is how a key is
     * replaced. Called under the lock, or before the store is shared.
     */
    private AuthState load() {
        long started = System.nanoTime();
        Object version = version();
        Snapshot last = snapshot;
        AuthState state = last != null && last.version().equals(version) ? last.state() : read();
        if (state.signingKey().isEmpty()) {
            // Whether this process made the key is decided under the store's lock: another one opening it at
            // the same time may have made the store, or the key, since this one read it, and then this one made nothing.
            String key = SigningKey.generate();
            Written written = write(stored -> stored.signingKey().isPresent() ? stored : stored.withSigningKey(key));
            if (written.state().signingKey().equals(Optional.of(key))) {
                if (written.state().revision() == 1) {
                    made = true;
                } else {
                    log.warn("The auth store ({}) had no signing key; made a new one: access tokens and browser sessions signed"
                            + " with the one before are refused from now on", this);
                }
            }
            state = written.state();
            version = written.version();
        }
        snapshot = new Snapshot(state, version, started);
        return state;
    }
}
