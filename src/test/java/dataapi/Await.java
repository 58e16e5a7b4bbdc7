package dataapi;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting, bounded, for something a test caused to show. */
public final class Await {
    private static final Duration WITHIN = Duration.ofSeconds(15);

    private Await() {
    }

    /** Polls {@code condition} until it holds, or fails the test after 15 seconds naming {@code what}. */
    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        until(condition, what, WITHIN);
    }

    /** Polls {@code condition} until it holds, or fails the test after {@code within} naming {@code what}. */
    public static void until(BooleanSupplier condition, String what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what + " within " + within.toSeconds() + " s").isTrue();
            Thread.sleep(20);
        }
    }
}
