package dataapi.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The harness behind {@link ConnectionBuffers} (bench/buffer-race): Jetty serves well-formed
 * requests on a few connections while another client keeps sending requests whose headers are too
 * large, and every answer is checked. Jetty answers such a request on a thread of its own while
 * the thread that found it goes on to give the request buffer back; the harness holds that thread
 * for a random moment there, as a busy machine now and then does, so that the overlap shows in
 * minutes rather than in days. An anomaly is a well-formed request answered other than with its
 * own 200, or a refusal that is not a clean 431.
 *
 * <pre>BufferRace jetty|dataapi REFUSALS [HOLD_NANOS]</pre>
 * {@code jetty} reads requests into Jetty's pooled buffers; {@code dataapi} as the server does.
 */
final class BufferRace {
    private static final int GOOD_CLIENTS = 3;

    private BufferRace() {
    }

    public static void main(String[] args) throws Exception {
        boolean asServed = switch (args[0]) {
            case "jetty" -> false;
            case "dataapi" -> true;
            default -> throw new IllegalArgumentException("jetty or dataapi, not " + args[0]);
        };
        int refusals = Integer.parseInt(args[1]);
        long holdNanos = args.length > 2 ? Long.parseLong(args[2]) : 600_000;

        Server server = new Server(new HoldingFaultFinder(holdNanos));
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = asServed
                ? new ServerConnector(server, null, null, ConnectionBuffers.of(server), -1, -1, ConnectionBuffers.http1(http))
                : new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.write(true, ByteBuffer.wrap(("ok " + request.getHttpURI().getPath()).getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.setErrorHandler(new ErrorHandler() {
            @Override
            protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
                response.write(true, ByteBuffer.wrap(("{\"error\":" + code + "}").getBytes(StandardCharsets.US_ASCII)), callback);
            }
        });
        server.start();
        int port = connector.getLocalPort();

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong answered = new AtomicLong();
        List<String> anomalies = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < GOOD_CLIENTS; c++) {
            String name = "c" + c;
            Thread client = new Thread(() -> {
                for (long n = 0; !done.get(); n++) {
                    String path = "/" + name + "/" + n;
                    String answer = exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    answered.incrementAndGet();
                    if (!answer.startsWith("HTTP/1.1 200") || !answer.endsWith("ok " + path)) {
                        noteAnomaly(anomalies, "GET " + path + " answered: " + shown(answer));
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        StringBuilder tooLarge = new StringBuilder("GET /large HTTP/1.1\r\nHost: x\r\n");
        for (int h = 0; h < 10; h++) {
            tooLarge.append("X-").append(h).append(": ").append(("LEAK" + h).repeat(500)).append("\r\n");
        }
        String refusedRequest = tooLarge.append("\r\n").toString();
        for (int i = 0; i < refusals; i++) {
            String answer = exchange(port, refusedRequest);
            if (!answer.startsWith("HTTP/1.1 431") || answer.contains("LEAK")) {
                noteAnomaly(anomalies, "headers too large answered: " + shown(answer));
            }
        }
        done.set(true);
        for (Thread client : clients) {
            client.join();
        }
        server.stop();
        synchronized (anomalies) {
            anomalies.stream().limit(5).forEach(anomaly -> System.out.println("  " + anomaly));
            System.out.printf("%-8s %,d refusals, %,d well-formed requests, %d anomalies%n", args[0], refusals, answered.get(), anomalies.size());
        }
    }

    /** Holds the thread that found a malformed request a random moment after it handed the refusal to another thread. */
    private static final class HoldingFaultFinder extends QueuedThreadPool {
        private final long holdNanos;

        HoldingFaultFinder(long holdNanos) {
            this.holdNanos = holdNanos;
        }

        @Override
        public boolean tryExecute(Runnable task) {
            if (!StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> frame.getMethodName().equals("badMessage")))) {
                return super.tryExecute(task);
            }
            new Thread(task, "refusal").start();
            long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(holdNanos);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return true;
        }
    }

    private static void noteAnomaly(List<String> anomalies, String anomaly) {
        synchronized (anomalies) {
            anomalies.add(anomaly);
        }
    }

    private static String exchange(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // A request refused before it was all sent: its answer is still there to read.
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException e) {
                if (answer.size() == 0) {
                    return "(" + e + ")";
                }
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static String shown(String answer) {
        String oneLine = answer.replace("\r\n", "|");
        return oneLine.isEmpty() ? "(nothing)" : oneLine.substring(0, Math.min(160, oneLine.length()));
    }
}
