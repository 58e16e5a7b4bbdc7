package dataapi.http;

import dataapi.Http;
import dataapi.cache.ResultCache;
import dataapi.report.OrdersTable;
import dataapi.report.TpchTables;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The result cache and HTTP caching, over HTTP, with a warehouse the test can take away. */
class HttpCachingTest {
    private static final String TOP10 = "/connector/customers/top10?start_range=1995-02-01&end_range=1995-02-14";

    @Test
    void aCachedAnswerOutlivesTheWarehouseAndNormalizedParametersShareIt() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, Optional.empty()))) {
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
        try (TestServer server = server(new ResultCache(0, Optional.empty()))) {
            assertThat(Http.get(server.port(), TOP10).statusCode()).isEqualTo(200);
            server.warehouse.close();
            assertThat(Http.get(server.port(), TOP10).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void entityTagsAnswerConditionalRequestsWith304() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, Optional.empty()))) {
            HttpResponse<String> first = Http.get(server.port(), TOP10);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{32}\"");
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, no-cache");
            assertThat(Http.get(server.port(), "/snowpark" + TOP10.substring("/connector".length())).headers().firstValue("ETag"))
                    .as("the same bytes have the same tag").hasValue(etag);

            for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
                HttpResponse<String> notModified = conditional(server.port(), TOP10, ifNoneMatch);
                assertThat(notModified.statusCode()).as(ifNoneMatch).isEqualTo(304);
                assertThat(notModified.body()).isEmpty();
            }
            HttpResponse<String> changed = conditional(server.port(), TOP10, "\"something-else\"");
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(changed.body()).isEqualTo(first.body());
        }
    }

    @Test
    void bodiesOver1KbAreGzippedForClientsThatAcceptItAndEveryAnswerVariesByEncoding() throws Exception {
        try (TestServer server = server(new ResultCache(1 << 20, Optional.empty()))) {
            byte[] document = get(server, "/openapi.json", "identity").body();
            assertThat(document.length).isGreaterThan(1024);
            HttpResponse<byte[]> gzipped = get(server, "/openapi.json", "gzip");
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
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

    private static HttpResponse<byte[]> get(TestServer server, String path, String acceptEncoding) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept-Encoding", acceptEncoding).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> conditional(int port, String path, String ifNoneMatch) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("If-None-Match", ifNoneMatch).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static TestServer server(ResultCache cache) throws Exception {
        return TestServer.start(TpchTables.ordersOnly(new OrdersTable("orders")), cache, 2, Duration.ofSeconds(2));
    }
}
