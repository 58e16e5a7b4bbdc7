package dataapi.warehouse;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CancelSignalTest {
    private final CancelSignal signal = new CancelSignal();
    private final Semaphore none = new Semaphore(0);

    @Test
    void aCancelEndsAWaitAtOnceAndLeavesTheThreadUninterrupted() throws Exception {
        CompletableFuture<Throwable> waited = CompletableFuture.supplyAsync(() -> {
            try {
                signal.await(() -> none.tryAcquire(30, TimeUnit.SECONDS));
                return null;
            } catch (Exception e) {
                return Thread.currentThread().isInterrupted() ? new AssertionError("left interrupted", e) : e;
            }
        });
        while (!none.hasQueuedThreads()) {
            Thread.onSpinWait();
        }
        signal.cancel();
        assertThat(waited.get(5, TimeUnit.SECONDS)).isInstanceOf(QueryCancelledException.class)
                .hasCauseInstanceOf(InterruptedException.class);
    }

    /** What the wait got is the caller's to give back; the cancel's interrupt, which came too late, is cleared. */
    @Test
    void aCancelAsTheWaitEndsReturnsWhatItGotAndLeavesTheThreadUninterrupted() throws Exception {
        boolean got = signal.await(() -> {
            signal.cancel();
            return true;
        });
        assertThat(got).isTrue();
        assertThat(Thread.interrupted()).isFalse();
        assertThat(signal.isCancelled()).isTrue();
    }

    @Test
    void aWaitAfterACancelDoesNotStart() {
        AtomicBoolean started = new AtomicBoolean();
        signal.cancel();
        assertThatThrownBy(() -> signal.await(() -> started.getAndSet(true))).isInstanceOf(QueryCancelledException.class);
        assertThat(started).isFalse();
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void anInterruptFromElsewhereIsTheWaitsOwnAndStaysSet() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> signal.await(() -> none.tryAcquire(30, TimeUnit.SECONDS))).isExactlyInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aCancelRunsTheAttachedActionUntilItIsDetached() {
        AtomicBoolean stopped = new AtomicBoolean();
        assertThat(signal.attach(() -> stopped.set(true))).isTrue();
        signal.detach();
        signal.cancel();
        assertThat(stopped).isFalse();
        assertThat(signal.attach(() -> stopped.set(true))).as("nothing is attached once cancelled").isFalse();
        assertThat(stopped).isFalse();

        CancelSignal running = new CancelSignal();
        running.attach(() -> stopped.set(true));
        running.cancel();
        assertThat(stopped).isTrue();
    }
}
