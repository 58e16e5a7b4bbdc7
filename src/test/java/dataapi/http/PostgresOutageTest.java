package dataapi.http;

import dataapi.DataApi;
import dataapi.Await;
import dataapi.Http;
import dataapi.PrivatePostgres;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.config.RequestLimits;
import dataapi.tpch.PostgresOrdersLoader;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped under load and started again, on a private cluster: during the outage every
 * answer is a 503 (or a 200 finished before it), none hangs, threads do not pile up and /readyz
 * says not ready; once PostgreSQL is back the same server answers 200 again, with no restart.
 */
class PostgresOutageTest {
    private static final List<String> PATHS = List.of("/connector/customers/top10", "/snowpark/customers/top10",
            "/connector/clerk/1/yearly_sales/1995", "/snowpark/clerk/2/yearly_sales/1996");
    private static final Duration POOL_WAIT = Duration.ofSeconds(2);

    private record Answer(String phase, int status, long millis) {
    }

    @Test
    void anOutageGives503sAndTheServerRecoversByItself() throws Exception {
        try (PrivatePostgres postgres = new PrivatePostgres()) {
            new PostgresOrdersLoader(postgres.config(), 2, line -> { }).ensure(TestData.SCALE);
            // Room for the four clients and this thread's own checks at once: a 429 is not what this test is about.
            RequestLimits limits = new RequestLimits(Duration.ofSeconds(30), 8, 32, Duration.ofSeconds(30));
            try (DataApi api = DataApi.start(TestData.postgresServerConfig(postgres.config(), 4, POOL_WAIT, limits))) {
                AtomicReference<String> phase = new AtomicReference<>("before");
                AtomicBoolean running = new AtomicBoolean(true);
                ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
                ExecutorService clients = Executors.newFixedThreadPool(4);
                for (int client = 0; client < 4; client++) {
                    int first = client;
                    clients.submit(() -> {
                        for (int i = first; running.get(); i++) {
                            String sentIn = phase.get();
                            long started = System.nanoTime();
                            HttpResponse<String> response = Http.get(api.port(), PATHS.get(i % PATHS.size()));
                            String answeredIn = phase.get();
                            // A request that spans a change of phase (sent before the outage, answered during it) has a phase of its own.
                            String during = sentIn.equals(answeredIn) ? sentIn : sentIn + " to " + answeredIn;
                            answers.add(new Answer(during, response.statusCode(), (System.nanoTime() - started) / 1_000_000));
                            assertThat(response.body()).startsWith(response.statusCode() == 200 ? "[" : "{\"error\":");
                        }
                        return null;
                    });
                }
                Thread.sleep(1_500);
                int threadsBefore = Thread.activeCount();

                AtomicInteger threadsDuring = new AtomicInteger();
                String logged = StandardError.during(() -> {
                    phase.set("outage");
                    postgres.stop();
                    Await.until(() -> Http.status(api.port(), "/readyz") == 503, "/readyz turns not ready");
                    Thread.sleep(4_000);
                    threadsDuring.set(Thread.activeCount());
                    assertThat(Http.status(api.port(), "/healthz")).isEqualTo(200);

                    phase.set("recovering");
                    postgres.start();
                    Await.until(() -> Http.status(api.port(), "/readyz") == 200, "/readyz turns ready again");
                    Await.until(() -> Http.status(api.port(), PATHS.get(0)) == 200, "reports answer again");
                });
                phase.set("after");
                Thread.sleep(1_500);
                running.set(false);
                clients.shutdown();
                assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

                Map<String, Map<Integer, Integer>> byPhase = new TreeMap<>();
                for (Answer answer : answers) {
                    byPhase.computeIfAbsent(answer.phase(), key -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
                }
                assertThat(byPhase.get("before")).as("before: %s", byPhase).containsOnlyKeys(200);
                assertThat(byPhase.get("outage")).as("outage: %s", byPhase).containsKey(503);
                assertThat(byPhase.get("after")).as("after: %s", byPhase).containsOnlyKeys(200);
                byPhase.forEach((phaseName, statuses) -> assertThat(statuses.keySet()).as("%s: %s", phaseName, byPhase).isSubsetOf(200, 503));
                long slowest = answers.stream().mapToLong(Answer::millis).max().orElseThrow();
                assertThat(slowest).as("no request hangs").isLessThan(POOL_WAIT.toMillis() + 5_000);
                assertThat(threadsDuring.get()).as("no thread pile-up").isLessThan(threadsBefore + 16);
                // The outage is logged once with its cause, and each request that lost its connection in a line: not once more
                // with a stack trace for each connection it broke, nor with the pool's advice on connections it found closed.
                assertThat(logged).contains("is unreachable; refusing queries", "is reachable again").doesNotContain("\tat ");
                assertThat(logged.lines().filter(line -> line.contains("[WARN]") || line.contains("[ERROR]")))
                        .allMatch(line -> line.contains("] Warehouse - ") || line.contains("] ApiServer - "));
            }
        }
    }
}
