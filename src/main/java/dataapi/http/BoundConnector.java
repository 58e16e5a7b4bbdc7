package dataapi.http;

import dataapi.ErrorText;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/**
 * A port's connector, bound as Javalin builds the server rather than when Jetty starts. Javalin logs
 * any failure of Jetty's start at ERROR ("Failed to start Javalin") before it throws it, so a port
 * in use would be told twice, first in Javalin's words; bound here, before that start, it is told
 * once, by whoever started the server. Javalin's other errors keep their log.
 */
public final class BoundConnector {
    private BoundConnector() {
    }

    /** Plain HTTP/1.1 on {@code host} and {@code port}. */
    public static void plainHttp(JavalinConfig config, String host, int port) {
        add(config, host, port, (server, http) -> new ConnectionFactory[] {ConnectionBuffers.http1(http)});
    }

    /** A connector of the protocols {@code protocols} makes, on {@code host} and {@code port}, with {@link ConnectionBuffers}. */
    static void add(JavalinConfig config, String host, int port, BiFunction<Server, HttpConfiguration, ConnectionFactory[]> protocols) {
        requireNonNull(host, "host is null");
        config.jetty.addConnector((server, http) -> {
            ServerConnector made = new ServerConnector(server, null, null, ConnectionBuffers.of(server), -1, -1, protocols.apply(server, http));
            made.setHost(host);
            made.setPort(port);
            try {
                // Jetty's start finds it open and leaves it so.
                made.open();
            } catch (IOException e) {
                Exception cause = e.getCause() instanceof Exception bind ? bind : e;
                throw new UncheckedIOException("cannot listen on " + host + " port " + port + ": " + ErrorText.of(cause), e);
            }
            return made;
        });
    }
}
