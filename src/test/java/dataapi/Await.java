package dataapi;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting, bounded, for something a test caused to show. */
public final class Await {
    private static final long SECONDS = 15;

    private Await() {
    }

    /** Polls {@code condition} until it holds, or fails the test after 15 seconds naming {@code what}. */
    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what + " within " + SECONDS + " s").isTrue();
            Thread.sleep(20);
        }
    }
}
