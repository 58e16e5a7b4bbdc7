package dataapi.declared;

import dataapi.Await;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.Started;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.CacheConfig;
import dataapi.config.CacheLifetime;
import dataapi.config.RequestLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static dataapi.declared.DeclaredEndpointsTest.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each declared endpoint's cache lifetime, on a server over PostgreSQL whose table changes while it is
 * served with {@code --cache-ttl 2s}: an endpoint's own {@code "cache_ttl"} overrides it, one without
 * keeps it, as the reports do, and {@code "off"} runs every request's query. Server-Timing tells an
 * answer from the cache ({@code cache;desc=hit}) from one a query made.
 */
class EndpointCacheLifetimeTest {
    private static final String HIT = "cache;desc=hit";
    private static final String TOP10 = "/connector/customers/top10?start_range=1995-01-01&end_range=1995-03-31";
    /** The padding of the uncached endpoint's answer, long enough to be gzipped. */
    private static final String PAD = "x".repeat(1500);

    private static TestPostgres postgres;
    private static DataApi api;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
        // The start checks the reports' queries against ORDERS.
        postgres.loadOrders();
        // A table for the cached endpoints, and one for the endpoint not cached, each test changing its own.
        execute("CREATE TABLE stock (qty INTEGER NOT NULL)", "INSERT INTO stock VALUES (1)",
                "CREATE TABLE live_stock (qty INTEGER NOT NULL)", "INSERT INTO live_stock VALUES (1)");
        Path file = Files.writeString(work.resolve("endpoints.json"), """
                {"endpoints": [%s, %s, %s,
                  {"id": "live", "title": "Live", "path": "/live", "cache_ttl": "off",
                   "sql": "SELECT qty, repeat('x', 1500) AS pad FROM live_stock",
                   "columns": [{"name": "QTY", "type": "integer"}, {"name": "PAD", "type": "string"}]}]}"""
                .formatted(quantity("kept", ", \"cache_ttl\": \"60m\""), quantity("fresh", ", \"cache_ttl\": \"1s\""), quantity("plain", "")));
        api = DataApi.start(TestData.postgresServerConfig(postgres.config(), 2, Duration.ofSeconds(5), RequestLimits.DEFAULTS)
                .withCache(new CacheConfig(1 << 20, CacheLifetime.of(Duration.ofSeconds(2))))
                .withDeclaredEndpoints(EndpointsFile.read(file)));
    }

    @AfterAll
    static void stop() throws Exception {
        Started.closeAll(api, postgres);
    }

    /** An endpoint {@code id} at /{@code id} that answers the stock's quantity, with {@code more} fields. */
    private static String quantity(String id, String more) {
        return """
                {"id": "%s", "title": "T", "path": "/%s"%s, "sql": "SELECT qty FROM stock", "columns": [{"name": "QTY", "type": "integer"}]}"""
                .formatted(id, id, more);
    }

    /**
     * The table changes once every endpoint has an answer cached: the ones kept for the server's 2 s, or their own 1 s,
     * then answer the new quantity, while the one kept an hour (60m), cached before them, still answers the old one from the cache.
     */
    @Test
    void eachEndpointServesItsResultForItsOwnLifetimeOrTheServers() throws Exception {
        for (String id : new String[] {"kept", "fresh", "plain"}) {
            assertThat(answer(id)).as(id).isEqualTo("[{\"QTY\":1}]");
            assertThat(timing(get(id))).as(id + ", asked again").isEqualTo(HIT);
        }
        execute("UPDATE stock SET qty = 2");

        Await.until(() -> answer("fresh").equals("[{\"QTY\":2}]"), "the endpoint kept a second answers the new quantity", Duration.ofSeconds(10));
        Await.until(() -> answer("plain").equals("[{\"QTY\":2}]"), "the endpoint that keeps --cache-ttl answers the new quantity", Duration.ofSeconds(10));
        HttpResponse<String> kept = get("kept");
        assertThat(kept.body()).as("cached an hour, before the others").isEqualTo("[{\"QTY\":1}]");
        assertThat(timing(kept)).isEqualTo(HIT);
    }

    /** A report keeps the server's lifetime: cached, and asked of the warehouse again once it has passed. */
    @Test
    void aReportKeepsTheServersLifetime() throws Exception {
        assertThat(Http.get(api.port(), TOP10).statusCode()).isEqualTo(200);
        assertThat(timing(Http.get(api.port(), TOP10))).as("asked again at once").isEqualTo(HIT);
        Await.until(() -> !timing(send(TOP10)).equals(HIT), "the report is queried again", Duration.ofSeconds(10));
    }

    /**
     * An endpoint not cached runs its query for every request, each one counted, and answers what the table holds
     * now; its answer still has its ETag, a 304 for it, and its gzip coding.
     */
    @Test
    void anEndpointNotCachedRunsEveryRequestsQueryAndKeepsItsEntityTags() throws Exception {
        double answered = queries("200");
        double notModified = queries("304");
        HttpResponse<String> first = get("live");
        assertThat(first.body()).isEqualTo("[{\"QTY\":" + quantityNow() + ",\"PAD\":\"" + PAD + "\"}]");
        assertThat(timing(first)).startsWith("query;dur=");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> second = send("/connector/live", "If-None-Match", etag);
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(timing(second)).as("the 304 comes from a query too").startsWith("query;dur=");
        HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/connector/live"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("ETag")).hasValue(etag.substring(0, etag.length() - 1) + "-gzip\"");
        assertThat(timing(gzipped)).startsWith("query;dur=");
        // A request's query is counted as its answer goes out, so the count of the last may come just after it.
        Await.until(() -> queries("200") == answered + 2 && queries("304") == notModified + 1, "a query counted for each request");
        assertThat(queries("200")).as("a query each").isEqualTo(answered + 2);
        assertThat(queries("304")).as("a query each").isEqualTo(notModified + 1);

        execute("UPDATE live_stock SET qty = qty + 10");
        assertThat(get("live").body()).as("at once").isEqualTo("[{\"QTY\":" + quantityNow() + ",\"PAD\":\"" + PAD + "\"}]");
    }

    /** The queries endpoint live ran for requests answered {@code status}. */
    private static double queries(String status) {
        return Math.max(0, metric(api, "live", "dataapi_query_seconds_count", "status=\"" + status + "\""));
    }

    /**
     * On the embedded data, whose results the cache keeps until evicted for size (no lifetime ends), an endpoint
     * {@code off} still runs every request's query, and one {@code auto} is kept as the server's results are.
     */
    @Test
    void onTheEmbeddedDataAnEndpointNotCachedRunsEveryRequestsQuery() throws Exception {
        Path file = Files.writeString(work.resolve("embedded.json"), """
                {"endpoints": [
                  {"id": "live", "title": "Live", "path": "/live", "cache_ttl": "off",
                   "sql": "SELECT COUNT(*) AS n FROM orders", "columns": [{"name": "N", "type": "integer"}]},
                  {"id": "auto", "title": "Auto", "path": "/auto", "cache_ttl": "auto",
                   "sql": "SELECT COUNT(*) AS n FROM orders", "columns": [{"name": "N", "type": "integer"}]}]}""");
        int orders = new OrdersOracle(TestData.SCALE.asDouble()).orders().size();
        try (DataApi embedded = DataApi.start(TestData.serverConfig(new CacheConfig(1 << 20, CacheLifetime.FOREVER))
                .withDeclaredEndpoints(EndpointsFile.read(file)))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> live = Http.get(embedded.port(), "/connector/live");
                assertThat(live.body()).isEqualTo("[{\"N\":" + orders + "}]");
                assertThat(timing(live)).as("request " + (i + 1)).startsWith("query;dur=");
            }
            assertThat(timing(Http.get(embedded.port(), "/connector/auto"))).startsWith("query;dur=");
            assertThat(timing(Http.get(embedded.port(), "/connector/auto"))).isEqualTo(HIT);
        }
    }

    private static String answer(String id) {
        return send("/connector/" + id).body();
    }

    private static HttpResponse<String> get(String id) {
        return send("/connector/" + id);
    }

    private static String timing(HttpResponse<?> response) {
        return response.headers().firstValue("Server-Timing").orElseThrow();
    }

    /** A GET, for conditions awaited in a lambda, which cannot throw checked exceptions. */
    private static HttpResponse<String> send(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String... sql) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** The uncached endpoint's quantity as PostgreSQL holds it now. */
    private static int quantityNow() throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT qty FROM live_stock")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
