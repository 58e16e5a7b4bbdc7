package dataapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what {@link Http} cannot do: choose the client's address (to
 * act as different callers on loopback, 127.0.0.2, 127.0.0.3, ...), send arbitrary bytes, and hang
 * up in the middle of a request.
 */
public final class RawHttp implements AutoCloseable {
    public record Response(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** Connects from {@code clientAddress} (any 127.x.y.z) and sends {@code request} as it is. */
    public static RawHttp send(String clientAddress, int port, byte[] request) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(clientAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(60_000);
        try {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // A server may refuse a request before it has all of it (a body over the limit) and close;
            // its answer is still there to read.
        }
        return new RawHttp(socket);
    }

    /** Sends a GET of {@code pathAndQuery} from {@code clientAddress}, asking to close afterwards. */
    public static RawHttp get(String clientAddress, int port, String pathAndQuery) throws IOException {
        return send(clientAddress, port, ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends a POST of {@code body}, whole and with its length, from 127.0.0.1 to {@code host}'s {@code path}, with
     * {@code headers} ("Name: value" each) besides, asking to close afterwards, and reads the answer.
     */
    public static Response post(int port, String host, String path, String contentType, String body, String... headers) throws IOException {
        return post("127.0.0.1", port, host, path, contentType, body, headers);
    }

    /** As {@link #post(int, String, String, String, String, String...)}, from {@code clientAddress}. */
    public static Response post(String clientAddress, int port, String host, String path, String contentType, String body, String... headers)
            throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        try (RawHttp http = send(clientAddress, port, request.toString().getBytes(StandardCharsets.ISO_8859_1))) {
            return http.response();
        }
    }

    /** A GET from {@code clientAddress} with {@code headers} ("Name: value" each) besides, asking to close afterwards; reads the answer. */
    public static Response exchange(String clientAddress, int port, String pathAndQuery, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        try (RawHttp http = send(clientAddress, port, request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1))) {
            return http.response();
        }
    }

    /** Sends more of the request, or the next one, on the connection. */
    public void sendMore(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads the whole answer; the server closes the connection after it. */
    public Response response() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) != -1; ) {
            bytes.write(buffer, 0, n);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP answer on " + ports() + ": " + text);
        }
        String head = text.substring(0, end);
        if (!head.startsWith("HTTP/")) {
            // Said as a failure to answer, so that a test's message names what it sent.
            String firstLine = head.lines().findFirst().orElse("");
            throw new IOException("not an HTTP answer on " + ports() + ": " + firstLine.substring(0, Math.min(200, firstLine.length())));
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(new Response(0, head, "").header("Transfer-Encoding"))) {
            body = unchunk(body);
        }
        return new Response(Integer.parseInt(head.split(" ")[1]), head, body);
    }

    /** The connection's two ends, which tell whether it reached the server at all. */
    private String ports() {
        return "port " + socket.getLocalPort() + " to " + socket.getPort();
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
