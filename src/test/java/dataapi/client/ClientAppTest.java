package dataapi.client;

import dataapi.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dataapi client}'s answers that need no server to call. */
class ClientAppTest {
    /** As the server's routes are: the same status and headers as the GET, without the body. */
    @Test
    void headIsAnsweredAsGetIsWithoutTheBody(@TempDir Path patDir) throws Exception {
        try (ClientApp app = new ClientApp("127.0.0.1", 0, new PatClient(PatClient.httpClient(Optional.empty())), patDir).start()) {
            for (String path : List.of("/", "/client.js", "/api/config")) {
                HttpResponse<String> get = Http.get(app.port(), path);
                HttpResponse<String> head = Http.send(app.port(), "HEAD", path);
                assertThat(get.statusCode()).as(path).isEqualTo(200);
                assertThat(head.statusCode()).as(path).isEqualTo(200);
                assertThat(head.body()).as(path).isEmpty();
                assertThat(head.headers().firstValue("Content-Length")).as(path).hasValue(Integer.toString(get.body().getBytes(UTF_8).length));
                for (String header : List.of("Content-Type", "Content-Security-Policy", "X-Content-Type-Options")) {
                    assertThat(head.headers().firstValue(header)).as(path + " " + header).isEqualTo(get.headers().firstValue(header));
                }
            }
            HttpResponse<String> postOnly = Http.send(app.port(), "HEAD", "/api/token");
            assertThat(postOnly.statusCode()).isEqualTo(405);
            assertThat(postOnly.headers().allValues("Allow")).containsExactly("POST");
            // RFC 9110 8.6: a HEAD's Content-Length, if sent, is its GET's body's.
            HttpResponse<String> postOnlyGet = Http.get(app.port(), "/api/token");
            assertThat(postOnly.headers().firstValue("Content-Length")).hasValue(Integer.toString(postOnlyGet.body().getBytes(UTF_8).length));
        }
    }
}
