package dataapi.cache;

import dataapi.config.CacheLifetime;
import dataapi.json.ResultTooLargeException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultCacheTest {
    private static final ResultCache.Key KEY = new ResultCache.Key("report", "connector", "parameters", null);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @Test
    void identicalRequestsArrivingTogetherComputeOnce() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of());
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Future<CachedResult> first = threads.submit(() -> cache.get(KEY, () -> {
            computations.incrementAndGet();
            started.countDown();
            release.await();
            return result("a");
        }));
        started.await();
        Future<CachedResult> second = threads.submit(() -> cache.get(KEY, () -> {
            computations.incrementAndGet();
            return result("b");
        }));
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).body()).isEqualTo(second.get(5, TimeUnit.SECONDS).body());
        assertThat(computations).hasValue(1);
        assertThat(cache.get(KEY, () -> result("c")).body()).asString(StandardCharsets.UTF_8).isEqualTo("a");
    }

    @Test
    void aResultGivenUpByTheRequestThatRanItIsComputedByTheRequestsWaitingForIt() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch giveUp = new CountDownLatch(1);
        Future<CachedResult> first = threads.submit(() -> cache.get(KEY, () -> {
            started.countDown();
            giveUp.await();
            throw new CancellationException("its client went away");
        }));
        started.await();
        CompletableFuture<CachedResult> second = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                second.complete(cache.get(KEY, () -> result("b")));
            } catch (Exception e) {
                second.completeExceptionally(e);
            }
        });
        waiter.start();
        // The second request is parked on the first one's computation.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(waiter.getState()).isEqualTo(Thread.State.WAITING);
        giveUp.countDown();

        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        assertThat(second.get(5, TimeUnit.SECONDS).body()).asString(StandardCharsets.UTF_8).isEqualTo("b");
        assertThat(cache.get(KEY, () -> result("c")).body()).asString(StandardCharsets.UTF_8).isEqualTo("b");
    }

    @Test
    void aSlowComputationDoesNotHoldUpOtherKeys() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of());
        CountDownLatch release = new CountDownLatch(1);
        Future<CachedResult> slow = computeUntilReleased(cache, "slow", release);
        try {
            for (int i = 0; i < 100; i++) {
                ResultCache.Key other = new ResultCache.Key("report", "connector", i, null);
                Future<CachedResult> fast = threads.submit(() -> cache.get(other, () -> result("fast")));
                assertThat(fast.get(5, TimeUnit.SECONDS).body()).asString(StandardCharsets.UTF_8).isEqualTo("fast");
            }
        } finally {
            release.countDown();
        }
        assertThat(slow.get(5, TimeUnit.SECONDS).body()).asString(StandardCharsets.UTF_8).isEqualTo("slow");
    }

    @Test
    void failuresAreNotCachedNorLoggedByTheCache() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of());
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine");
        caffeine.addHandler(handler);
        try {
            assertThatThrownBy(() -> cache.get(KEY, () -> {
                throw new SQLException("warehouse down");
            })).isInstanceOf(SQLException.class);
        } finally {
            caffeine.removeHandler(handler);
        }
        assertThat(logged).as("the request's handler logs it, as its status deserves").isEmpty();

        assertThat(cache.get(KEY, () -> result("recovered")).body()).asString(StandardCharsets.UTF_8).isEqualTo("recovered");
    }

    /** The same query would read up to the limit of rows again, to fail again. */
    @Test
    void anAnswerTooLongToSendIsNotComputedAgainWhileItWouldHaveBeenCached() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ResultCache.Computation tooLong = () -> {
            runs.incrementAndGet();
            throw new ResultTooLargeException(2048);
        };
        ResultCache forever = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> forever.get(KEY, tooLong)).isInstanceOf(ResultTooLargeException.class)
                    .hasMessage("The answer is longer than 2 KB, the most this server sends; ask for fewer rows.");
        }
        assertThat(runs).as("computed once").hasValue(1);
        assertThat(forever.get(new ResultCache.Key("report", "connector", "other", null), () -> result("other")).body())
                .asString(StandardCharsets.UTF_8).isEqualTo("other");

        ResultCache expiring = new ResultCache(1 << 20, CacheLifetime.of(Duration.ofMillis(50)), Map.of());
        assertThatThrownBy(() -> expiring.get(KEY, tooLong)).isInstanceOf(ResultTooLargeException.class);
        Thread.sleep(200);
        assertThat(expiring.get(KEY, () -> result("fewer rows now")).body()).asString(StandardCharsets.UTF_8).isEqualTo("fewer rows now");

        runs.set(0);
        ResultCache off = new ResultCache(0, CacheLifetime.FOREVER, Map.of());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> off.get(KEY, tooLong)).isInstanceOf(ResultTooLargeException.class);
        }
        assertThat(runs).as("no cache, computed each time").hasValue(2);
    }

    @Test
    void aResultIsReadyOnlyOnceItsComputationHasSucceeded() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of());
        assertThat(cache.ready(KEY)).isEmpty();

        CountDownLatch finish = new CountDownLatch(1);
        Future<CachedResult> first = computeUntilReleased(cache, "done", finish);
        assertThat(cache.ready(KEY)).as("while it is computed").isEmpty();
        finish.countDown();
        first.get(5, TimeUnit.SECONDS);
        assertThat(cache.ready(KEY)).hasValueSatisfying(ready -> assertThat(ready.body()).asString(StandardCharsets.UTF_8).isEqualTo("done"));

        ResultCache.Key failing = new ResultCache.Key("report", "connector", "failing", null);
        assertThatThrownBy(() -> cache.get(failing, () -> {
            throw new SQLException("warehouse down");
        })).isInstanceOf(SQLException.class);
        assertThat(cache.ready(failing)).isEmpty();
        assertThat(new ResultCache(0, CacheLifetime.FOREVER, Map.of()).ready(KEY)).as("no cache").isEmpty();
    }

    @Test
    void resultsExpireAfterTheirTimeToLive() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, CacheLifetime.of(Duration.ofMillis(50)), Map.of());
        cache.get(KEY, () -> result("old"));
        Thread.sleep(200);

        assertThat(cache.get(KEY, () -> result("new")).body()).asString(StandardCharsets.UTF_8).isEqualTo("new");
    }

    /** An endpoint's own lifetime overrides the server's, shorter or longer; the other endpoints keep the server's. */
    @Test
    void anEndpointsOwnLifetimeOverridesTheServers() throws Exception {
        ResultCache shortForOne = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of("fresh", CacheLifetime.of(Duration.ofMillis(50))));
        ResultCache longForOne = new ResultCache(1 << 20, CacheLifetime.of(Duration.ofMillis(50)), Map.of("kept", CacheLifetime.of(Duration.ofHours(1))));
        ResultCache.Key fresh = new ResultCache.Key("fresh", "connector", "parameters", null);
        ResultCache.Key kept = new ResultCache.Key("kept", "connector", "parameters", null);
        for (ResultCache cache : List.of(shortForOne, longForOne)) {
            for (ResultCache.Key key : List.of(KEY, fresh, kept)) {
                cache.get(key, () -> result("old"));
            }
        }
        Thread.sleep(200);

        assertThat(shortForOne.get(fresh, () -> result("new")).body()).asString(StandardCharsets.UTF_8).isEqualTo("new");
        assertThat(shortForOne.get(KEY, () -> result("new")).body()).as("the server's, forever").asString(StandardCharsets.UTF_8).isEqualTo("old");
        assertThat(shortForOne.get(kept, () -> result("new")).body()).as("the server's, forever").asString(StandardCharsets.UTF_8).isEqualTo("old");
        assertThat(longForOne.get(kept, () -> result("new")).body()).asString(StandardCharsets.UTF_8).isEqualTo("old");
        assertThat(longForOne.ready(kept)).isPresent();
        assertThat(longForOne.get(KEY, () -> result("new")).body()).as("the server's 50 ms").asString(StandardCharsets.UTF_8).isEqualTo("new");
        assertThat(longForOne.get(fresh, () -> result("new")).body()).as("the server's 50 ms").asString(StandardCharsets.UTF_8).isEqualTo("new");
    }

    /**
     * An endpoint not cached computes every request's result, however many arrive together, and an answer too long to
     * send is not kept for it either; the other endpoints' results are kept.
     */
    @Test
    void anEndpointNotCachedComputesEveryResult() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of("live", CacheLifetime.OFF));
        ResultCache.Key live = new ResultCache.Key("live", "connector", "parameters", null);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<Future<CachedResult>> together = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            together.add(threads.submit(() -> cache.get(live, () -> {
                runs.incrementAndGet();
                bothStarted.countDown();
                release.await();
                return result("together");
            })));
        }
        try {
            assertThat(bothStarted.await(5, TimeUnit.SECONDS)).as("both computations started").isTrue();
        } finally {
            release.countDown();
        }
        for (Future<CachedResult> each : together) {
            assertThat(each.get(5, TimeUnit.SECONDS).body()).asString(StandardCharsets.UTF_8).isEqualTo("together");
        }
        assertThat(cache.ready(live)).isEmpty();
        assertThat(cache.get(live, () -> result("again")).body()).asString(StandardCharsets.UTF_8).isEqualTo("again");

        ResultCache.Key tooLong = new ResultCache.Key("live", "connector", "too long", null);
        runs.set(0);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.get(tooLong, () -> {
                runs.incrementAndGet();
                throw new ResultTooLargeException(2048);
            })).isInstanceOf(ResultTooLargeException.class);
        }
        assertThat(runs).as("computed each time").hasValue(2);

        cache.get(KEY, () -> result("kept"));
        assertThat(cache.get(KEY, () -> result("new")).body()).as("another endpoint's").asString(StandardCharsets.UTF_8).isEqualTo("kept");
    }

    @Test
    void sizeZeroTurnsCachingOff() throws Exception {
        ResultCache cache = new ResultCache(0, CacheLifetime.FOREVER, Map.of("kept", CacheLifetime.of(Duration.ofHours(1))));
        for (ResultCache.Key key : List.of(KEY, new ResultCache.Key("kept", "connector", "parameters", null))) {
            cache.get(key, () -> result("first"));

            assertThat(cache.get(key, () -> result("second")).body()).asString(StandardCharsets.UTF_8).isEqualTo("second");
        }
    }

    @Test
    void theEntityTagIsStrongAndFollowsTheBytes() {
        assertThat(result("x").etag()).matches("\"[0-9a-f]{32}\"");
        assertThat(result("x").etag()).isEqualTo(result("x").etag()).isNotEqualTo(result("y").etag());
    }

    private static CachedResult result(String body) {
        return CachedResult.of(body.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    }

    /** Starts computing KEY's result, {@code body}, on another thread; returns once it has begun. It ends when {@code release} is counted down. */
    private Future<CachedResult> computeUntilReleased(ResultCache cache, String body, CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<CachedResult> computation = threads.submit(() -> cache.get(KEY, () -> {
            started.countDown();
            release.await();
            return result(body);
        }));
        assertThat(started.await(5, TimeUnit.SECONDS)).as("the computation started").isTrue();
        return computation;
    }
}
