package dataapi.http;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Where the buffers of a port's connections come from: each request is read into a heap buffer of
 * its own, never pooled, and the answers, and under {@code --tls} the TLS records, are written and
 * read from the server's pool of direct buffers.
 *
 * <p>Jetty 12.1 answers a malformed request (a URI or header too large, say) on a thread of its
 * own and, once it has answered, resumes reading the connection on another, while the thread that
 * found the fault still holds the request buffer and goes on to give it back. When these overlap,
 * a pooled request buffer can be given back while still read into, and handed at once to another
 * connection for its request or its answer: one client's bytes then appear in another's request or
 * answer. A request buffer of its own, given back, is garbage that nobody else holds.
 * bench/buffer-race shows the overlap; bench/RESULTS.md has its figures and what this costs.
 */
final class ConnectionBuffers extends ByteBufferPool.Wrapper {
    /**
     * A request's buffer: the request line and headers of most clients fit (a browser's with its cookies,
     * a client's with its token), and a longer request is read in several. Jetty's 8 KB were about half
     * of all that a cached answer allocates, and set how often the heap's young space filled up
     * (bench/RESULTS.md).
     */
    private static final int REQUEST_BUFFER_BYTES = 2 * 1024;

    private ConnectionBuffers(ByteBufferPool pooled) {
        super(pooled);
    }

    /** The buffers for {@code server}'s connectors, from its pool where they may be pooled. */
    static ByteBufferPool of(Server server) {
        return new ConnectionBuffers(server.getByteBufferPool());
    }

    /** HTTP/1.1 that reads requests into small heap buffers, which are never pooled here. */
    static HttpConnectionFactory http1(HttpConfiguration http) {
        HttpConnectionFactory factory = new HttpConnectionFactory(http);
        factory.setUseInputDirectByteBuffers(false);
        factory.setInputBufferSize(REQUEST_BUFFER_BYTES);
        return factory;
    }

    /**
     * TLS whose records are read and written in direct buffers, which are pooled here; Jetty's own heap
     * buffers would be allocated anew for each record, which cost more CPU and grew the heap
     * (bench/RESULTS.md).
     */
    static SslConnectionFactory tls(SslContextFactory.Server ssl, String nextProtocol) {
        SslConnectionFactory factory = new SslConnectionFactory(ssl, nextProtocol);
        factory.setDirectBuffersForEncryption(true);
        factory.setDirectBuffersForDecryption(true);
        return factory;
    }

    @Override
    public RetainableByteBuffer.Mutable acquire(int size, boolean direct) {
        return direct ? super.acquire(size, true) : NON_POOLING.acquire(size, false);
    }
}
