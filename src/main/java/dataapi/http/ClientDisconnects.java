package dataapi.http;

import dataapi.warehouse.CancelSignal;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices that a client has hung up while its request waits for or runs its query, and cancels the query.
 *
 * <p>Over HTTP/1 Jetty does not read a connection while its request is being handled, so it only
 * learns of a hang-up when it writes the answer. This watcher registers the connection's socket
 * with a selector of its own and looks at it a few times a second: a socket that is readable with
 * no bytes to read has reached end of stream, so the client is gone. It never reads from the
 * socket, so a request the client sends next is left intact for Jetty.
 *
 * <p>Under TLS the same holds of a client that goes without a word, killed or cut off. One that
 * ends the session first sends a close_notify alert: its socket then holds those bytes unread, which
 * cannot be told from a next request without reading them, so its query runs to its end or to the
 * statement timeout.
 */
final class ClientDisconnects implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientDisconnects.class);
    private static final long CHECK_MILLIS = 200;

    private final Selector selector;
    private final Queue<Watch> added = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "client-disconnects");
        thread.setDaemon(true);
        return thread;
    });

    ClientDisconnects() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checker.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The request's query is cancelled when its client hangs up, until the watch is closed. */
    final class Watch implements AutoCloseable {
        private final SocketChannel channel;
        private final CancelSignal cancel = new CancelSignal();
        private volatile boolean closed;
        private SelectionKey key;

        private Watch(SocketChannel channel) {
            this.channel = channel;
        }

        CancelSignal cancelSignal() {
            return cancel;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    Watch watch(Context ctx) {
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint();
        // Under TLS the request's end point is the decrypted one over the socket's.
        while (endPoint instanceof EndPoint.Wrapper wrapper) {
            endPoint = wrapper.unwrap();
        }
        Watch watch = new Watch(endPoint instanceof SocketChannelEndPoint socket ? socket.getChannel() : null);
        if (watch.channel != null) {
            added.add(watch);
        }
        return watch;
    }

    /** Runs on the checker thread only, which owns the selector. */
    private void check() {
        try {
            for (Watch watch; (watch = added.poll()) != null; ) {
                if (!watch.closed) {
                    try {
                        watch.key = watch.channel.register(selector, SelectionKey.OP_READ, watch);
                    } catch (ClosedChannelException e) {
                        watch.cancel.cancel();
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                if (((Watch) key.attachment()).closed) {
                    key.cancel();
                }
            }
            selector.selectNow();
            for (SelectionKey key : selector.selectedKeys()) {
                Watch watch = (Watch) key.attachment();
                if (key.isValid() && !watch.closed && hungUp(watch.channel)) {
                    key.cancel();
                    watch.cancel.cancel();
                }
            }
            selector.selectedKeys().clear();
        } catch (IOException | RuntimeException e) {
            log.warn("Checking for clients that went away failed", e);
        }
    }

    private static boolean hungUp(SocketChannel channel) {
        try {
            return channel.socket().getInputStream().available() == 0;
        } catch (IOException e) {
            // Reset or closed under us: gone as well.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        checker.shutdownNow();
        selector.close();
    }
}
