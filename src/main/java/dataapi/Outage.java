package dataapi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers that the warehouse (or the user store) could not be reached, so that requests are
 * refused at once instead of each waiting out the pool's timeout; one request per probe interval
 * tries it again, and the first success ends the outage.
 */
public final class Outage {
    private final long probeIntervalNanos;
    private final AtomicLong nextProbe = new AtomicLong();
    private volatile boolean down;

    public Outage(Duration probeInterval) {
        this.probeIntervalNanos = probeInterval.toNanos();
    }

    /** True when the caller should be refused without trying; false lets it try (and probe, during an outage). */
    public boolean refuses() {
        if (!down) {
            return false;
        }
        long now = System.nanoTime();
        long due = nextProbe.get();
        return now - due < 0 || !nextProbe.compareAndSet(due, now + probeIntervalNanos);
    }

    public boolean isDown() {
        return down;
    }

    public void failed() {
        nextProbe.set(System.nanoTime() + probeIntervalNanos);
        down = true;
    }

    /** Ends the outage; true when there was one. */
    public boolean succeeded() {
        if (!down) {
            return false;
        }
        down = false;
        return true;
    }
}
