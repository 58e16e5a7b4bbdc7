package dataapi.http;

import dataapi.TestTls;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionBuffersTest {
    private static final int REQUEST_BUFFER_BYTES = ConnectionBuffers.http1(new HttpConfiguration()).getInputBufferSize();

    @Test
    void aRequestBufferGivenBackIsNeverHandedOutAgain() {
        assertThat(handedOutAgain(false)).isFalse();
    }

    @Test
    void theAnswersBuffersAreStillPooled() {
        assertThat(handedOutAgain(true)).isTrue();
    }

    /** Whether a buffer given back, heap or direct, is among the next hundred of its kind handed out. */
    private static boolean handedOutAgain(boolean direct) {
        ByteBufferPool buffers = ConnectionBuffers.of(new Server());
        RetainableByteBuffer given = buffers.acquire(REQUEST_BUFFER_BYTES, direct);
        ByteBuffer givenBytes = given.getByteBuffer();
        given.release();
        boolean again = false;
        for (int i = 0; i < 100; i++) {
            RetainableByteBuffer next = buffers.acquire(REQUEST_BUFFER_BYTES, direct);
            again |= next.getByteBuffer() == givenBytes;
            next.release();
        }
        return again;
    }

    @Test
    void plainHttpReadsEachRequestIntoABufferOfItsOwn() {
        assertEveryConnectorReadsRequestsIntoUnpooledBuffers(config -> BoundConnector.plainHttp(config, "127.0.0.1", 0));
    }

    @Test
    void httpsReadsEachRequestIntoABufferOfItsOwn(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        assertEveryConnectorReadsRequestsIntoUnpooledBuffers(config -> HttpsConnector.install(config, tls.files(), "127.0.0.1", 0));
    }

    @Test
    void httpsReadsAndWritesItsRecordsInPooledBuffers(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        Javalin javalin = Javalin.create(config -> HttpsConnector.install(config, tls.files(), "127.0.0.1", 0)).start();
        try {
            Connector connector = javalin.jettyServer().server().getConnectors()[0];
            SslConnectionFactory records = connector.getConnectionFactory(DetectorConnectionFactory.class).getBean(SslConnectionFactory.class);
            assertThat(records.isDirectBuffersForDecryption()).as("records read into direct buffers").isTrue();
            assertThat(records.isDirectBuffersForEncryption()).as("records written from direct buffers").isTrue();
        } finally {
            javalin.stop();
        }
    }

    /** A request's buffer is smaller than the headers allowed: a request that does not fit is read in several. */
    @Test
    void headersLongerThanARequestBufferAreReadWhole(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        String value = "v".repeat(ServerLimits.MAX_REQUEST_HEADER_BYTES - 1_000);
        assertThat(value.length()).isGreaterThan(3 * REQUEST_BUFFER_BYTES);
        assertThat(echoedHeaderLength(config -> BoundConnector.plainHttp(config, "127.0.0.1", 0), HttpClient.newHttpClient(), "http", value))
                .isEqualTo(value.length());
        assertThat(echoedHeaderLength(config -> HttpsConnector.install(config, tls.files(), "127.0.0.1", 0), tls.client(), "https", value))
                .isEqualTo(value.length());
    }

    /** The length of {@code value} as a route read it from a header, sent over {@code port}. */
    private static int echoedHeaderLength(Consumer<JavalinConfig> port, HttpClient client, String scheme, String value) throws Exception {
        Javalin javalin = Javalin.create(config -> {
            port.accept(config);
            config.routes.get("/echo", ctx -> ctx.result(String.valueOf(String.valueOf(ctx.header("X-Long")).length())));
        }).start();
        try {
            int listening = ((NetworkConnector) javalin.jettyServer().server().getConnectors()[0]).getLocalPort();
            HttpResponse<String> echoed = client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + listening + "/echo"))
                    .header("X-Long", value).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
            return Integer.parseInt(echoed.body());
        } finally {
            javalin.stop();
        }
    }

    private static void assertEveryConnectorReadsRequestsIntoUnpooledBuffers(Consumer<JavalinConfig> port) {
        Javalin javalin = Javalin.create(port::accept).start();
        try {
            Connector[] connectors = javalin.jettyServer().server().getConnectors();
            assertThat(connectors).isNotEmpty();
            for (Connector connector : connectors) {
                assertThat(connector.getByteBufferPool()).as(connector.toString()).isInstanceOf(ConnectionBuffers.class);
                HttpConnectionFactory http1 = connector.getConnectionFactory(HttpConnectionFactory.class);
                assertThat(http1.isUseInputDirectByteBuffers()).as(connector.toString()).isFalse();
            }
        } finally {
            javalin.stop();
        }
    }
}
