package dataapi.tpch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    /** A tick that counted before the last rows came, and logs slowly, must not log its older count after the end. */
    @Test
    void theLastLineComesAfterEveryTicksLine() throws Exception {
        Thread test = Thread.currentThread();
        List<String> lines = new ArrayList<>();
        CountDownLatch ticking = new CountDownLatch(1);
        int linesAtTheEnd;
        try (Progress progress = new Progress("ORDERS sf0.01", 20, Duration.ofMillis(10), line -> {
            if (Thread.currentThread() != test) {
                ticking.countDown();
                sleep(300);
            }
            synchronized (lines) {
                lines.add(line);
            }
        })) {
            progress.add(10);
            assertThat(ticking.await(10, TimeUnit.SECONDS)).as("a tick under way").isTrue();
            progress.add(10);
            progress.finish();
            synchronized (lines) {
                linesAtTheEnd = lines.size();
            }
            // Ticks that would come after the end, before the generator closes the progress.
            Thread.sleep(100);
        }
        synchronized (lines) {
            assertThat(lines).as("no line after the last").hasSize(linesAtTheEnd);
            assertThat(lines).last().asString().startsWith("ORDERS sf0.01: 20 of 20 rows (100%)");
            assertThat(lines).as("counts in order").map(line -> line.substring(0, line.indexOf(" of "))).isSorted();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
