package dataapi.http;

import dataapi.Await;
import dataapi.AuthTestSupport;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.PrivatePostgres;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.TrustedProxies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dataapi.AuthTestSupport.exchange;
import static dataapi.AuthTestSupport.get;
import static dataapi.AuthTestSupport.snowflakeToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL user store stopped and started again, on a private cluster: within the staleness
 * bound the last state read still serves; past it every request that needs the store is a quick
 * 503 with Retry-After, never a wait in line for the store, and /readyz says not ready; once
 * PostgreSQL is back the same server answers again, with no restart.
 */
class AuthStoreOutageTest {
    private static final String TOP10 = "/connector/customers/top10";
    private static final String UNAVAILABLE = "{\"error\":\"The user store cannot be reached. Retry later.\"}";
    /** The longest one request may take: the one that finds the store gone waits for a connection up to the staleness bound. */
    private static final Duration SLOWEST = Duration.ofSeconds(3);

    private record Answer(int status, String body, long millis) {
    }

    @TempDir
    Path work;

    @Test
    void withTheStoreDownRequestsGetAQuick503AndTheServerRecoversByItself() throws Exception {
        try (PrivatePostgres postgres = new PrivatePostgres()) {
            String url = postgres.config().jdbcUrl() + "?user=" + postgres.config().user();
            String pat = AuthTestSupport.quickstartSetUp(List.of("--auth-store", "postgres", "--auth-store-url", url), work);
            AccessConfig access = new AccessConfig(AuthMode.BUILTIN, false,
                    new AuthStoreConfig(work.resolve("unused"), Optional.of(url), Optional.empty(), Optional.empty()),
                    Optional.empty(), List.of(), TrustedProxies.NONE);
            HttpClient client = HttpClient.newHttpClient();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try (DataApi api = DataApi.start(TestData.serverConfig().withAccess(access))) {
                String baseUrl = "http://127.0.0.1:" + api.port();
                String scope = "session:scope:APIROLE 127.0.0.1:" + api.port();
                String authorization = snowflakeToken(exchange(client, baseUrl, pat, scope, "*/*").body());
                Callable<Answer> report = () -> answer(() -> get(client, baseUrl + TOP10, "Authorization", authorization));
                assertThat(report.call().status()).isEqualTo(200);
                assertThat(Http.status(api.port(), "/readyz")).isEqualTo(200);

                postgres.stop();
                long stopped = System.nanoTime();
                // As the outage begins: the last state read serves while it is fresh enough, and nobody waits in line.
                for (Answer answer : fourAtOnce(clients, report)) {
                    assertThat(answer.status()).as(answer.body()).isIn(200, 503);
                    assertThat(answer.millis()).isLessThan(SLOWEST.toMillis());
                }
                Thread.sleep(Math.max(0, Duration.ofSeconds(3).toMillis() - (System.nanoTime() - stopped) / 1_000_000));
                // Past the staleness bound: four at once are four 503s, not 5, 10, 15 and 20 s in line. One of them may be the
                // first to find the store gone, and wait for a connection; the others do not wait for it.
                List<Answer> pastTheBound = fourAtOnce(clients, report);
                for (Answer answer : pastTheBound) {
                    assertThat(answer.status()).isEqualTo(503);
                    assertThat(answer.body()).isEqualTo(UNAVAILABLE);
                    assertThat(answer.millis()).isLessThan(SLOWEST.toMillis());
                }
                assertThat(pastTheBound.stream().filter(answer -> answer.millis() >= 1_000)).hasSizeLessThanOrEqualTo(1);
                // Once the store is known to be gone, each request is refused at once, and one a second tries the store. The
                // log said so once, and does not say it again for each refusal.
                String logged = StandardError.during(() -> {
                    for (Answer answer : fourAtOnce(clients, report)) {
                        assertThat(answer.status()).isEqualTo(503);
                        assertThat(answer.millis()).isLessThan(1_000);
                    }
                    HttpResponse<String> refused = get(client, baseUrl + TOP10, "Authorization", authorization);
                    assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                    Answer exchanged = answer(() -> exchange(client, baseUrl, pat, scope, "*/*"));
                    assertThat(exchanged.status()).isEqualTo(503);
                    assertThat(exchanged.body()).isEqualTo(UNAVAILABLE);
                    assertThat(exchanged.millis()).isLessThan(1_000);
                    Answer login = answer(() -> AuthTestSupport.post(client, baseUrl + "/login",
                            Map.of("user", "apiuser", "password", AuthTestSupport.PASSWORD), "text/html"));
                    assertThat(login.status()).isEqualTo(503);
                    assertThat(login.body()).isEqualTo(UNAVAILABLE);
                    assertThat(login.millis()).isLessThan(1_000);
                    HttpResponse<String> ready = Http.get(api.port(), "/readyz");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).isEqualTo(UNAVAILABLE);
                    assertThat(Http.status(api.port(), "/healthz")).isEqualTo(200);
                });
                assertThat(logged).doesNotContain("AccessGate");

                postgres.start();
                Await.until(() -> Http.status(api.port(), "/readyz") == 200, "/readyz turns ready again");
                assertThat(report.call().status()).isEqualTo(200);
                assertThat(exchange(client, baseUrl, pat, scope, "*/*").statusCode()).isEqualTo(200);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    private static List<Answer> fourAtOnce(ExecutorService clients, Callable<Answer> request) throws Exception {
        List<Future<Answer>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(clients.submit(request));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> answer : sent) {
            answers.add(answer.get());
        }
        return answers;
    }

    private static Answer answer(Callable<HttpResponse<String>> request) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = request.call();
        return new Answer(response.statusCode(), response.body(), (System.nanoTime() - started) / 1_000_000);
    }
}
