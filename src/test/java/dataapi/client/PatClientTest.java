package dataapi.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against servers that misbehave: answers stalled, not tokens, or messages meant for a terminal. */
class PatClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String PAT = "dataapi_pat_" + "A".repeat(43);

    private final CountDownLatch done = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        done.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anAnswerWhoseBodyStallsFailsAsTheNetworkAtTheTimeout() throws Exception {
        URI base = serve(exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            OutputStream body = exchange.getResponseBody();
            body.write("abc".getBytes(UTF_8));
            body.flush();
            await();
        });
        PatClient client = new PatClient(PatClient.httpClient(Optional.empty()), TIMEOUT);

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.exchange(base, PAT, Optional.empty(), base.resolve("/x")))
                .isInstanceOfSatisfying(ClientFailure.class, failure -> assertThat(failure.kind()).isEqualTo(ClientFailure.Kind.NETWORK))
                .hasMessage("cannot reach " + base.getScheme() + "://" + base.getRawAuthority() + ": timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the wait").isLessThan(TIMEOUT.multipliedBy(10));
    }

    @Test
    void aTokenExchangeThatAnswersSomethingElseIsRefusedInOneLine() throws Exception {
        URI base = serve(exchange -> answer(exchange, 200, "<html>\n<body>Sign in</body>\n</html>\n"));
        PatClient client = new PatClient(PatClient.httpClient(Optional.empty()), TIMEOUT);

        assertThatThrownBy(() -> client.exchange(base, PAT, Optional.empty(), base.resolve("/x")))
                .isInstanceOfSatisfying(ClientFailure.class, failure -> assertThat(failure.kind()).isEqualTo(ClientFailure.Kind.EXCHANGE_REFUSED))
                .hasMessage("the token exchange at " + base.resolve("/oauth/token") + " answered 200 without a token: <html> <body>Sign in</body> </html>");
    }

    @Test
    void aServersMessageReachesTheTerminalWithoutItsControlCharacters() throws Exception {
        URI base = serve(exchange -> answer(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"bad\\u001b[31m red\\nsecond\\u0007 line\"}"));
        PatClient client = new PatClient(PatClient.httpClient(Optional.empty()), TIMEOUT);

        assertThatThrownBy(() -> client.exchange(base, PAT, Optional.empty(), base.resolve("/x")))
                .hasMessage("the token exchange at " + base.resolve("/oauth/token") + " was refused (400): bad [31m red second line");
    }

    private URI serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Holds the answer open until the test is over. */
    private void await() {
        try {
            done.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
