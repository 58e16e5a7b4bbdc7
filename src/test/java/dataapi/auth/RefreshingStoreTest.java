package dataapi.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * While one caller has the store busy (here a write that waits for the file lock, which the test
 * holds as another process would), the others do not wait in line for it: within the staleness
 * bound they go on with the last state at once; past it they wait as long as a store that answers
 * takes, and are refused soon when it takes longer; another write waits no longer than the bound.
 */
class RefreshingStoreTest {
    @TempDir
    Path work;

    @Test
    void whileTheStoreIsBusyOthersGoOnWithTheLastStateOrAreRefusedSoon() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (FileAuthStore store = new FileAuthStore(work);
             FileChannel lockFile = FileChannel.open(work.resolve("auth.lock"), StandardOpenOption.WRITE)) {
            long opened = System.nanoTime();
            AuthState before = store.current();
            FileLock held = lockFile.lock();
            Future<AuthState> write = callers.submit(() -> store.update(state -> state.withRole(new Role("APIROLE", Optional.empty(), List.of()))));

            sleepUntil(opened, Duration.ofMillis(1_300));
            Future<AuthState> usable = callers.submit(store::current);
            assertThat(usable.get(300, TimeUnit.MILLISECONDS)).as("the last state, within the bound").isEqualTo(before);

            sleepUntil(opened, AuthStore.STALENESS.plusMillis(200));
            Future<AuthState> stale = callers.submit(store::current);
            assertThatThrownBy(() -> stale.get(1, TimeUnit.SECONDS)).as("refused soon, past the bound").hasCauseInstanceOf(AuthStoreException.class)
                    .cause().hasMessageEndingWith("is busy with another request for longer than one that answers takes");

            Future<AuthState> queued = callers.submit(() -> store.update(state -> state.withRole(new Role("OTHER", Optional.empty(), List.of()))));
            assertThatThrownBy(() -> queued.get(AuthStore.STALENESS.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS))
                    .as("another write, not for long").hasCauseInstanceOf(AuthStoreException.class)
                    .cause().hasMessageEndingWith("is busy with another request for longer than one that answers takes");

            Future<AuthState> waiting = callers.submit(store::current);
            Thread.sleep(100);
            held.release();
            assertThat(waiting.get(2, TimeUnit.SECONDS)).as("a short wait for the write").isEqualTo(write.get()).isNotEqualTo(before);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aChangeAnotherWriterMakesRightAfterThisOnesIsReadNotTakenForThisOnes() {
        try (StoreWrittenByTwo store = new StoreWrittenByTwo()) {
            store.update(state -> state.withRole(new Role("MINE", Optional.empty(), List.of())));

            assertThat(store.latest().roles()).as("the other writer's change, made once this one let go of the store").containsKeys("MINE", "THEIRS");
        }
    }

    /**
     * The log tells of an outage once, as it begins; every refusal after that, whether at once or after a
     * new try that failed too, is one the log has announced, so the server does not log it for each request.
     */
    @Test
    void onlyTheFailureThatBeginsAnOutageIsUnannounced() throws Exception {
        try (StoreThatFails store = new StoreThatFails()) {
            store.latest();
            store.down = true;
            assertThat(refusal(store::latest).isAnnounced()).as("the failure that begins the outage").isFalse();
            AuthStoreException atOnce = refusal(store::latest);
            assertThat(atOnce.isAnnounced()).as("refused at once: %s", atOnce.getMessage()).isTrue();
            assertThat(atOnce).hasMessageContaining("next try within");
            assertThat(refusal(() -> store.update(UnaryOperator.identity())).isAnnounced()).as("a write").isTrue();

            // Past the interval, one caller tries the store again.
            Thread.sleep(1_100);
            AuthStoreException tried = refusal(store::latest);
            assertThat(tried).hasMessage(StoreThatFails.GONE);
            assertThat(tried.isAnnounced()).as("a new try that failed").isTrue();
        }
    }

    private static AuthStoreException refusal(Runnable call) {
        try {
            call.run();
        } catch (AuthStoreException e) {
            return e;
        }
        throw new AssertionError("the store was read");
    }

    /** A store in memory that cannot be read while it is down. */
    private static final class StoreThatFails extends RefreshingStore {
        static final String GONE = "the store is gone";
        volatile boolean down;

        @Override
        protected Object version() {
            if (down) {
                throw new AuthStoreException(GONE, null);
            }
            return 0L;
        }

        @Override
        protected AuthState read() {
            return AuthState.empty();
        }

        @Override
        protected Written write(UnaryOperator<AuthState> change) {
            AuthState written = change.apply(AuthState.empty());
            return new Written(written, written.revision());
        }

        @Override
        public void close() {
        }
    }

    /** A store in memory that another process writes to as soon as this one has written and let go of it. */
    private static final class StoreWrittenByTwo extends RefreshingStore {
        private AuthState stored = AuthState.empty();

        @Override
        protected Object version() {
            return stored.revision();
        }

        @Override
        protected AuthState read() {
            return stored;
        }

        @Override
        protected Written write(UnaryOperator<AuthState> change) {
            stored = change.apply(stored);
            Written written = new Written(stored, stored.revision());
            stored = stored.withRole(new Role("THEIRS", Optional.empty(), List.of()));
            return written;
        }

        @Override
        public void close() {
        }
    }

    private static void sleepUntil(long start, Duration after) throws InterruptedException {
        Thread.sleep(Math.max(0, (after.toNanos() - (System.nanoTime() - start)) / 1_000_000));
    }
}
