package dataapi;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
        until(condition, () -> what, within);
    }

    /** As above, with {@code what} told as it stands when the wait fails: how far it got, say. */
    public static void until(BooleanSupplier condition, Supplier<String> what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(what.get() + " within " + within.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}
