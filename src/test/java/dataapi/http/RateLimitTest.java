package dataapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.Await;
import dataapi.Http;
import dataapi.RawHttp;
import dataapi.cache.ResultCache;
import dataapi.config.CacheLifetime;
import dataapi.config.RequestLimits;
import dataapi.config.RequestRate;
import dataapi.config.TrustedProxies;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --rate-limit} over HTTP on a real server: report requests past a caller's rate are 429 with
 * the rate and Retry-After, each caller has a bucket of its own, the bucket refills, cached answers
 * count, the probes and pages never do, and without the flag nothing is refused.
 */
class RateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOP10 = "/connector/customers/top10?start_range=1995-03-01&end_range=1995-03-09";

    @Test
    void requestsPastTheRateAre429WithTheRateAndRetryAfterAndRunNoQuery() throws Exception {
        try (TestServer server = server(RequestRate.parse("3/min"), false)) {
            // One request every 20 s: the three of the burst pass, a 400 among them, and the fourth waits for the first to come back.
            long firstSent = System.nanoTime();
            assertThat(get(server, "127.0.0.2", TOP10).status()).isEqualTo(200);
            assertThat(get(server, "127.0.0.2", "/connector/customers/top10?start_range=1995-02-30").status()).isEqualTo(400);
            assertThat(get(server, "127.0.0.2", "/snowpark/clerk/1/yearly_sales/1995").status()).isEqualTo(200);
            RawHttp.Response refused = get(server, "127.0.0.2", TOP10, "X-Request-Id: over-the-rate");
            double elapsedSeconds = (System.nanoTime() - firstSent) / 1e9;

            assertThat(refused.status()).isEqualTo(429);
            long retryAfter = Long.parseLong(refused.header("Retry-After"));
            assertThat(retryAfter).as("whole seconds until the first request's place is back, 20 s after it")
                    .isBetween((long) Math.ceil(20 - elapsedSeconds), 20L);
            assertThat(refused.body()).isEqualTo("{\"error\":\"Over the rate limit of 3 requests a minute per caller. Retry in "
                    + retryAfter + " seconds.\"}");
            assertThat(refused.header("Content-Type")).startsWith("application/json");

            JsonNode line = logLine(server, "over-the-rate");
            assertThat(line.get("status").asInt()).isEqualTo(429);
            assertThat(line.get("endpoint").asText()).isEqualTo("customers_top10");
            assertThat(line.get("query_ms").isNull()).as("no query ran").isTrue();
            Await.until(() -> count(server, "endpoint=\"customers_top10\",family=\"connector\",status=\"429\"") == 1,
                    "the 429 is counted under its endpoint");
        }
    }

    @Test
    void eachCallerHasABucketOfItsOwn() throws Exception {
        try (TestServer server = server(RequestRate.parse("2/min"), false)) {
            for (String address : List.of("127.0.0.2", "127.0.0.3")) {
                assertThat(get(server, address, TOP10).status()).as(address).isEqualTo(200);
                assertThat(get(server, address, TOP10).status()).as(address).isEqualTo(200);
                assertThat(get(server, address, TOP10).status()).as(address).isEqualTo(429);
            }
        }
        // Behind the SPCS ingress every request comes from its address: the caller is the user it names.
        try (TestServer server = server(new ServerAccess(AccessGate.spcs(), Optional.empty(), List.of(), TrustedProxies.NONE), RequestRate.parse("2/min"), false)) {
            for (String user : List.of("ALICE", "BOB")) {
                String header = "Sf-Context-Current-User: " + user;
                assertThat(get(server, "127.0.0.2", TOP10, header).status()).as(user).isEqualTo(200);
                assertThat(get(server, "127.0.0.2", TOP10, header).status()).as(user).isEqualTo(200);
                assertThat(get(server, "127.0.0.2", TOP10, header).status()).as(user).isEqualTo(429);
            }
        }
        // Behind a trusted proxy, the caller is the client it names.
        TrustedProxies proxy = TrustedProxies.parse(List.of("127.0.0.2"));
        try (TestServer server = server(new ServerAccess(AccessGate.none(), Optional.empty(), List.of(), proxy), RequestRate.parse("2/min"), false)) {
            for (String client : List.of("203.0.113.1", "203.0.113.2")) {
                String header = "X-Forwarded-For: " + client;
                assertThat(get(server, "127.0.0.2", TOP10, header).status()).as(client).isEqualTo(200);
                assertThat(get(server, "127.0.0.2", TOP10, header).status()).as(client).isEqualTo(200);
                assertThat(get(server, "127.0.0.2", TOP10, header).status()).as(client).isEqualTo(429);
            }
        }
    }

    @Test
    void theBucketRefillsAtTheRate() throws Exception {
        try (TestServer server = server(RequestRate.parse("3/s"), true)) {
            int passed = 0;
            RawHttp.Response response = get(server, "127.0.0.2", TOP10);
            while (response.status() == 200 && passed < 100) {
                passed++;
                response = get(server, "127.0.0.2", TOP10);
            }
            assertThat(response.status()).as("requests as fast as they come use up 3 a second").isEqualTo(429);
            assertThat(passed).as("the burst").isGreaterThanOrEqualTo(3);
            assertThat(response.header("Retry-After")).as("a place comes back within a third of a second, said as 1 s").isEqualTo("1");
            assertThat(response.body()).contains("3 requests a second", "Retry in 1 second.");

            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(response.header("Retry-After"))));
            assertThat(get(server, "127.0.0.2", TOP10).status()).as("after Retry-After").isEqualTo(200);
        }
    }

    @Test
    void cachedAnswersCount() throws Exception {
        try (TestServer server = server(RequestRate.parse("3/min"), true)) {
            assertThat(get(server, "127.0.0.2", TOP10).status()).isEqualTo(200);
            for (int i = 0; i < 2; i++) {
                RawHttp.Response cached = get(server, "127.0.0.2", TOP10);
                assertThat(cached.status()).isEqualTo(200);
                assertThat(cached.header("Server-Timing")).isEqualTo("cache;desc=hit");
            }
            assertThat(get(server, "127.0.0.2", TOP10).status()).as("the answer is in the cache, the caller's rate is used up").isEqualTo(429);
        }
    }

    @Test
    void theProbesMetricsDocsAndPagesAreNeverLimited() throws Exception {
        try (TestServer server = server(RequestRate.parse("1/min"), true)) {
            assertThat(get(server, "127.0.0.2", TOP10).status()).isEqualTo(200);
            assertThat(get(server, "127.0.0.2", TOP10).status()).isEqualTo(429);
            for (String path : List.of("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/docs/docs.js", "/test", "/test/test.js",
                    "/test/endpoints.json", "/")) {
                for (int i = 0; i < 5; i++) {
                    assertThat(get(server, "127.0.0.2", path).status()).as(path).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void withoutTheFlagABurstIsNeverRefused() throws Exception {
        try (TestServer server = TestServer.start(ServerAccess.open(), new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()), RequestLimits.DEFAULTS)) {
            // Cached first: 400 queries at once would meet the concurrency limits, which are not what this is about.
            assertThat(Http.get(server.port(), TOP10).statusCode()).isEqualTo(200);
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + TOP10)).build();
            List<CompletableFuture<HttpResponse<Void>>> burst = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                burst.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
            }
            assertThat(burst).allSatisfy(answer -> assertThat(answer.get().statusCode()).isEqualTo(200));
        }
    }

    private static TestServer server(RequestRate rate, boolean cached) throws Exception {
        return server(ServerAccess.open(), rate, cached);
    }

    private static TestServer server(ServerAccess access, RequestRate rate, boolean cached) throws Exception {
        RequestLimits defaults = RequestLimits.DEFAULTS;
        RequestLimits limits = new RequestLimits(defaults.statementTimeout(), defaults.concurrentPerCaller(), defaults.concurrentTotal(),
                defaults.shutdownGrace(), defaults.maxResultBytes(), Optional.of(rate));
        return TestServer.start(access, new ResultCache(cached ? 1 << 20 : 0, CacheLifetime.FOREVER, Map.of()), limits);
    }

    /** A GET from {@code clientAddress} with {@code headers} ("Name: value"). */
    private static RawHttp.Response get(TestServer server, String clientAddress, String pathAndQuery, String... headers) throws IOException {
        return RawHttp.exchange(clientAddress, server.port(), pathAndQuery, headers);
    }

    private static JsonNode logLine(TestServer server, String requestId) throws Exception {
        Await.until(() -> server.accessLog.stream().anyMatch(entry -> entry.contains("\"" + requestId + "\"")), "the access log line");
        return JSON.readTree(server.accessLog.stream().filter(entry -> entry.contains("\"" + requestId + "\"")).findFirst().orElseThrow());
    }

    /** The count of requests with these labels in /metrics, or -1. */
    private static double count(TestServer server, String labels) {
        try {
            String exposition = Http.get(server.port(), "/metrics").body();
            Matcher matcher = Pattern.compile("^" + Pattern.quote("http_server_requests_seconds_count{" + labels) + "[^}]*} (\\S+)$",
                    Pattern.MULTILINE).matcher(exposition);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
