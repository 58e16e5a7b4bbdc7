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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
