package dataapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for calling a test server. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> get(int port, String pathAndQuery) throws IOException, InterruptedException {
        return send(port, "GET", pathAndQuery);
    }

    /** The status of a GET, for conditions awaited in a lambda, which cannot throw checked exceptions. */
    public static int status(int port, String pathAndQuery) {
        try {
            return get(port, pathAndQuery).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> send(int port, String method, String pathAndQuery) throws IOException, InterruptedException {
        return CLIENT.send(request(port, method, pathAndQuery), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET sent now, whose answer the caller takes later. */
    public static CompletableFuture<HttpResponse<String>> getAsync(int port, String pathAndQuery) {
        return CLIENT.sendAsync(request(port, "GET", pathAndQuery), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String method, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build();
    }
}
