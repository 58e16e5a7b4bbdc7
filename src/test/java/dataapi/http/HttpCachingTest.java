package dataapi.http;

import dataapi.Http;
import dataapi.cache.ResultCache;
import dataapi.config.CacheLifetime;
import dataapi.declared.EndpointsFile;
import dataapi.report.OrdersTable;
import dataapi.report.TpchTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The result cache and HTTP caching, over HTTP, with a warehouse the test can take away. */
class HttpCachingTest {
    private static final String TOP10 = "/connector/customers/top10?start_range=1995-02-01&end_range=1995-02-14";

    @Test
    void aCachedAnswerOutlivesTheWarehouseAndNormalizedParametersShareIt() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()))) {
            HttpResponse<String> first = Http.get(server.port(), TOP10);
            assertThat(first.statusCode()).isEqualTo(200);

            server.warehouse.close();

            HttpResponse<String> again = Http.get(server.port(), TOP10);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(Http.get(server.port(), "/connector/customers/top10?start_range=1995-2-1&end_range=1995-2-14").statusCode())
                    .as("the same parameters written differently are the same key").isEqualTo(200);
            assertThat(Http.get(server.port(), "/snowpark/customers/top10?start_range=1995-02-01&end_range=1995-02-14").statusCode())
                    .as("each family keeps its own entries").isEqualTo(503);
            assertThat(Http.get(server.port(), "/connector/customers/top10?start_range=1995-02-01&end_range=1995-02-15").statusCode())
                    .as("another range needs the warehouse").isEqualTo(503);
        }
    }

    @Test
    void withoutTheCacheEveryRequestNeedsTheWarehouse() throws Exception {
        try (TestServer server = server(new ResultCache(0, CacheLifetime.FOREVER, Map.of()))) {
            assertThat(Http.get(server.port(), TOP10).statusCode()).isEqualTo(200);
            server.warehouse.close();
            assertThat(Http.get(server.port(), TOP10).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void entityTagsAnswerConditionalRequestsWith304() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()))) {
            HttpResponse<String> first = Http.get(server.port(), TOP10);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{32}\"");
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, no-cache");
            assertThat(Http.get(server.port(), "/snowpark" + TOP10.substring("/connector".length())).headers().firstValue("ETag"))
                    .as("the same bytes have the same tag").hasValue(etag);

            for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
                HttpResponse<String> notModified = send(server.port(), TOP10, "If-None-Match", ifNoneMatch);
                assertThat(notModified.statusCode()).as(ifNoneMatch).isEqualTo(304);
                assertThat(notModified.body()).isEmpty();
                // RFC 9110 8.6: a 304 may name a length only if it is the 200's.
                assertThat(notModified.headers().firstValue("Content-Length")).as(ifNoneMatch)
                        .satisfiesAnyOf(length -> assertThat(length).isEmpty(),
                                length -> assertThat(length).hasValue(Integer.toString(first.body().length())));
                assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
            }
            HttpResponse<String> changed = send(server.port(), TOP10, "If-None-Match", "\"something-else\"");
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(changed.body()).isEqualTo(first.body());
        }
    }

    /** RFC 9110 13.1.1: If-Match is compared strongly, and a failed one is 412 with no body of the answer. */
    @Test
    void ifMatchServesOnlyTheTaggedAnswerAndIsCheckedBeforeIfNoneMatch() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()))) {
            HttpResponse<String> first = Http.get(server.port(), TOP10);
            String etag = first.headers().firstValue("ETag").orElseThrow();

            for (String ifMatch : List.of(etag, "*", "\"other\", " + etag)) {
                HttpResponse<String> matched = send(server.port(), TOP10, "If-Match", ifMatch);
                assertThat(matched.statusCode()).as(ifMatch).isEqualTo(200);
                assertThat(matched.body()).as(ifMatch).isEqualTo(first.body());
            }
            for (String ifMatch : List.of("\"other\"", "W/" + etag)) {
                HttpResponse<String> failed = send(server.port(), TOP10, "If-Match", ifMatch);
                assertThat(failed.statusCode()).as(ifMatch).isEqualTo(412);
                assertThat(failed.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                assertThat(failed.body()).as(ifMatch).startsWith("{\"error\":\"The answer is not the one If-Match names");
            }
            HttpRequest both = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + TOP10))
                    .header("If-Match", "\"other\"").header("If-None-Match", etag).build();
            assertThat(HttpClient.newHttpClient().send(both, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("If-Match first").isEqualTo(412);
        }
    }

    @Test
    void bodiesOver1KbAreGzippedForClientsThatPreferItAndEveryAnswerVariesByEncoding() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()))) {
            HttpResponse<byte[]> plain = get(server, "/openapi.json", "identity");
            byte[] document = plain.body();
            assertThat(document.length).isGreaterThan(1024);
            assertThat(plain.headers().firstValue("Content-Length")).hasValue(Integer.toString(document.length));
            HttpResponse<byte[]> gzipped = get(server, "/openapi.json", "gzip;q=0.5");
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
            assertThat(gzipTag).matches("\"[0-9a-f]{32}-gzip\"");
            assertThat(conditional(server, "/openapi.json", "gzip", gzipTag).statusCode()).isEqualTo(304);
            assertThat(get(server, "/openapi.json", "gzip;q=0.5, identity").headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(gzipped.headers().allValues("Vary")).contains("Accept-Encoding");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(document);
            }

            HttpResponse<byte[]> small = get(server, TOP10, "gzip");
            assertThat(small.body().length).isLessThan(1024);
            assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(small.headers().allValues("Vary")).contains("Accept-Encoding");
        }
    }

    /** Swagger UI's script alone is about 450 KB gzipped: a browser revalidates the pages' files rather than fetch them again. */
    @Test
    void thePagesAndTheirFilesAreTaggedAndGzippedAndRevalidatedWith304() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()))) {
            for (String path : List.of("/docs", "/docs/docs.js", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/test",
                    "/test/test.js", "/test/test.css", "/test/chart.umd.min.js", "/test/endpoints.json")) {
                HttpResponse<byte[]> plain = get(server, path, "identity");
                assertThat(plain.statusCode()).as(path).isEqualTo(200);
                String plainTag = plain.headers().firstValue("ETag").orElseThrow();
                assertThat(plainTag).as(path).matches("\"[0-9a-f]{32}\"");
                assertThat(plain.headers().firstValue("Cache-Control")).as(path).hasValue("public, no-cache");
                assertThat(plain.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
                assertThat(conditional(server, path, "identity", plainTag).statusCode()).as(path).isEqualTo(304);

                HttpResponse<byte[]> gzipped = get(server, path, "gzip, deflate, br, zstd");
                assertThat(gzipped.headers().firstValue("Content-Type")).as(path).isEqualTo(plain.headers().firstValue("Content-Type"));
                if (plain.body().length >= 1024) {
                    assertThat(gzipped.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                        assertThat(in.readAllBytes()).as(path).isEqualTo(plain.body());
                    }
                    String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
                    assertThat(conditional(server, path, "gzip", gzipTag).statusCode()).as(path).isEqualTo(304);
                }
            }
            assertThat(new String(get(server, "/docs/swagger-ui-bundle.js", "identity").body(), StandardCharsets.UTF_8)).contains("SwaggerUIBundle");
        }
    }

    @Test
    void aLargeCachedAnswerHasAGzipCodingWithATagOfItsOwn(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "order_keys", "title": "Order keys", "path": "/orders/keys",
                  "parameters": [{"name": "upto", "type": "integer", "min": 1, "default": "2000"}],
                  "sql": "SELECT o_orderkey FROM orders WHERE o_orderkey <= :upto ORDER BY o_orderkey",
                  "columns": [{"name": "O_ORDERKEY", "type": "integer"}]}]}
                """);
        String path = "/connector/orders/keys";
        try (TestServer server = TestServer.start(new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()), EndpointsFile.read(file))) {
            HttpResponse<byte[]> plain = get(server, path, "identity");
            assertThat(plain.body().length).isGreaterThan(1024);
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            String plainTag = plain.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> large = get(server, path + "?upto=20000", "identity");
            assertThat(large.body().length).as("more than Jetty's output buffer").isGreaterThan(64 * 1024);
            assertThat(large.headers().firstValue("Content-Length")).as("a length, not chunks").hasValue(Integer.toString(large.body().length));

            server.warehouse.close();
            HttpResponse<byte[]> gzipped = get(server, path, "gzip");
            assertThat(gzipped.statusCode()).as("answered from the cache").isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(plain.body());
            }
            String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
            assertThat(gzipTag).as("a strong tag, not the plain body's").matches("\"[0-9a-f]{32}-gzip\"").isNotEqualTo(plainTag);

            assertThat(gzipped.headers().firstValue("Content-Length")).hasValue(Integer.toString(gzipped.body().length));
            HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(head.headers().firstValue("ETag")).hasValue(gzipTag);
            assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(gzipped.body().length));

            assertThat(conditional(server, path, "gzip", gzipTag).statusCode()).isEqualTo(304);
            assertThat(conditional(server, path, "gzip", "W/" + gzipTag).statusCode()).isEqualTo(304);
            HttpResponse<Void> twoTagLines = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Accept-Encoding", "gzip").header("If-None-Match", "\"other\"").header("If-None-Match", gzipTag).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(twoTagLines.statusCode()).as("every If-None-Match line counts").isEqualTo(304);
            assertThat(conditional(server, path, "gzip", gzipTag).headers().firstValue("ETag")).hasValue(gzipTag);
            assertThat(conditional(server, path, "identity", plainTag).statusCode()).isEqualTo(304);
            assertThat(conditional(server, path, "gzip", plainTag).statusCode())
                    .as("the client holds the plain body; this answer is the gzip one").isEqualTo(200);
            assertThat(conditional(server, path, "identity", gzipTag).statusCode()).isEqualTo(200);

            for (String acceptsGzip : List.of("gzip", "GZIP", "deflate, gzip;q=0.5", "x-gzip", "*", "gzip;q=0, gzip", "br;q=1, *;q=0.1",
                    "gzip;q=0.001", "gzip ; Q=1.000", "gzip;q=0.5", "identity;q=0.5, gzip;q=0.6", "gzip, identity", "gzip;q=0.3, *;q=0.25")) {
                HttpResponse<byte[]> answer = get(server, path, acceptsGzip);
                assertThat(answer.headers().firstValue("Content-Encoding")).as(acceptsGzip).hasValue("gzip");
                assertThat(answer.headers().firstValue("ETag")).as(acceptsGzip).hasValue(gzipTag);
            }
            for (String refusesGzip : List.of("identity", "deflate, br", "gzip;q=0", "gzip; q=0.000", "*;q=0", "*, gzip;q=0", "gzip;q=x",
                    "gzip;q=1e-3", "gzip;q=NaN", "gzip;q=1.5", "gzip;q=0.0001", "gzip;q=0.1, identity;q=1", "gzip;q=0.5, identity",
                    "gzip;q=0.5, *;q=0.8", "gzip;q=0.25, *;q=0.3")) {
                HttpResponse<byte[]> answer = get(server, path, refusesGzip);
                assertThat(answer.headers().firstValue("Content-Encoding")).as(refusesGzip).isEmpty();
                assertThat(answer.body()).as(refusesGzip).isEqualTo(plain.body());
                assertThat(answer.headers().firstValue("ETag")).as(refusesGzip).hasValue(plainTag);
            }
            HttpResponse<byte[]> twoLines = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Accept-Encoding", "identity").header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(twoLines.headers().firstValue("Content-Encoding")).as("every Accept-Encoding line counts").hasValue("gzip");
        }
    }

    @Test
    void headIsAnsweredAsGetIsWithoutTheBody() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, CacheLifetime.FOREVER, Map.of()))) {
            for (String path : List.of(TOP10, "/connector/clerk/abc/yearly_sales/1995", "/", "/readyz")) {
                HttpResponse<String> get = Http.get(server.port(), path);
                HttpResponse<String> head = Http.send(server.port(), "HEAD", path);
                assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
                assertThat(head.body()).as(path).isEmpty();
                assertThat(head.headers().firstValue("Content-Length")).as(path).hasValue(Integer.toString(get.body().length()));
                assertThat(head.headers().firstValue("ETag")).as(path).isEqualTo(get.headers().firstValue("ETag"));
                assertThat(head.headers().firstValue("Cache-Control")).as(path).isEqualTo(get.headers().firstValue("Cache-Control"));
            }
            String etag = Http.get(server.port(), TOP10).headers().firstValue("ETag").orElseThrow();
            HttpRequest conditionalHead = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + TOP10))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("If-None-Match", etag).build();
            assertThat(HttpClient.newHttpClient().send(conditionalHead, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);
            HttpResponse<String> post = Http.send(server.port(), "POST", TOP10);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    private static HttpResponse<byte[]> get(TestServer server, String path, String acceptEncoding) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept-Encoding", acceptEncoding).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> conditional(TestServer server, String path, String acceptEncoding, String ifNoneMatch) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept-Encoding", acceptEncoding).header("If-None-Match", ifNoneMatch).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> send(int port, String path, String header, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header(header, value).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static TestServer server(ResultCache cache) throws Exception {
        return TestServer.start(TpchTables.ordersOnly(new OrdersTable("orders")), cache, 2, Duration.ofSeconds(2));
    }
}
