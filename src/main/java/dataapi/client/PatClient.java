package dataapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dataapi.ErrorText;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dataapi.client.ClientFailure.Kind.ENDPOINT_ERROR;
import static dataapi.client.ClientFailure.Kind.EXCHANGE_REFUSED;
import static dataapi.client.ClientFailure.Kind.NETWORK;
import static dataapi.client.ClientFailure.Kind.USAGE;
import static java.util.Objects.requireNonNull;

/**
 * The quickstart's programmatic access, as its {@code test.py} does it: trade a PAT for an access
 * token at {@code https://ACCOUNT/oauth/token}, then call the endpoint with
 * {@code Authorization: Snowflake Token="…"}. Works against Snowflake and a dataapi server alike.
 * No message it produces contains the PAT or the token.
 */
public final class PatClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * An access token as it can go in {@code Authorization: Snowflake Token="…"}: printable ASCII
     * without space, quote or backslash (Snowflake's have colons and hyphens, dataapi's are JWTs).
     */
    private static final Pattern TOKEN = Pattern.compile("[!#-\\[\\]-~]+");
    private static final int MAX_MESSAGE_LENGTH = 300;
    /** What no host name holds: only letters, digits, hyphens and the dots between labels. */
    private static final Pattern NOT_IN_HOST_NAMES = Pattern.compile("[^A-Za-z0-9.-]");

    /** What the endpoint answered. */
    public record Answer(int status, String contentType, String body) {
    }

    private final HttpClient http;
    private final Duration timeout;

    public PatClient(HttpClient http) {
        this(http, TIMEOUT);
    }

    /** @param timeout how long one request may take, its whole answer included */
    public PatClient(HttpClient http, Duration timeout) {
        this.http = requireNonNull(http, "http is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Normal certificate checks, or only the certificates in {@code caCert} (a private CA or a self-signed server). */
    public static HttpClient httpClient(Optional<Path> caCert) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
        caCert.ifPresent(file -> builder.sslContext(trusting(file)));
        return builder.build();
    }

    private static SSLContext trusting(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, certificate);
            }
            if (i == 0) {
                throw new ClientFailure(USAGE, "no certificate in " + file);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ClientFailure(USAGE, "cannot use --cacert " + file + ": " + ErrorText.reason(e));
        }
    }

    /** {@code https://ACCOUNT} with underscores made hyphens, as in Snowflake account URLs; {@code http://} only for loopback. */
    public static URI accountUrl(String account) {
        String trimmed = account.strip().replace('_', '-');
        return url(trimmed.contains("://") ? trimmed : "https://" + trimmed, "--account_url");
    }

    public static URI endpointUrl(String endpoint) {
        return url(endpoint.strip(), "--endpoint");
    }

    private static URI url(String text, String flag) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ClientFailure(USAGE, flag + " '" + text + "' is not a URL");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (uri.getHost() == null && uri.getRawAuthority() != null && (scheme.equals("https") || scheme.equals("http"))) {
            // An https:// URL all the same, whose host Java's URI does not take for a name, e.g. x_y.example.com.
            throw new ClientFailure(USAGE, flag + " '" + text + "': " + notAHostName(uri.getRawAuthority()));
        }
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ClientFailure(USAGE, flag + " '" + text + "' is not an https:// URL");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw new ClientFailure(USAGE, flag + " '" + text + "': plain http:// is only allowed for loopback hosts; use https://");
        }
        // Java's URI takes any number for a port; its HTTP client then throws one past this range.
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new ClientFailure(USAGE, flag + " '" + text + "': the port must be 1 to 65535");
        }
        return uri;
    }

    /** Why the host in {@code authority} ({@code user@host:port}) is no host name: the first character one cannot hold. */
    private static String notAHostName(String authority) {
        String host = authority.replaceFirst("^.*@", "").replaceFirst(":[0-9]*$", "");
        Matcher character = NOT_IN_HOST_NAMES.matcher(host);
        return character.find() ? "'" + character.group() + "' is not allowed in a host name (" + host + ")" : host + " is not a host name";
    }

    private static boolean loopback(String host) {
        try {
            return host.equalsIgnoreCase("localhost") || InetAddress.getByName(host.replaceAll("^\\[|]$", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The scope's host: the endpoint's host and port as the URL names them. */
    public static String endpointHost(URI endpoint) {
        return endpoint.getRawAuthority();
    }

    /** Scheme, host and port: where a token may be sent. */
    public static String endpointOrigin(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
    }

    /** Trades the PAT for an access token for {@code role} (or the PAT's own) at the endpoint's host. */
    public String exchange(URI account, String pat, Optional<String> role, URI endpoint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("scope", role.filter(r -> !r.isBlank()).map(r -> "session:scope:" + r.strip() + " ").orElse("") + endpointHost(endpoint));
        form.put("subject_token", pat);
        form.put("subject_token_type", "programmatic_access_token");
        URI tokenUrl = account.resolve("/oauth/token");
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200 || response.body().isBlank()) {
            throw new ClientFailure(EXCHANGE_REFUSED, "the token exchange at " + tokenUrl + " was refused (" + response.statusCode() + "): "
                    + message(response.body()));
        }
        String token = response.body().strip();
        if (!TOKEN.matcher(token).matches()) {
            // Not a token endpoint (a login page, a proxy's notice): nothing to send, and not a message to show whole.
            throw new ClientFailure(EXCHANGE_REFUSED, "the token exchange at " + tokenUrl + " answered 200 without a token: "
                    + message(response.body()));
        }
        return token;
    }

    /** Calls the endpoint with the token; a non-2xx answer is an {@code ENDPOINT_ERROR} naming status and message. */
    public Answer call(URI endpoint, String token, String method, Optional<String> data) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", "Snowflake Token=\"" + token + "\"")
                .header("Accept", "application/json");
        data.ifPresent(body -> request.header("Content-Type", "application/json"));
        request.method(method.toUpperCase(Locale.ROOT), data.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> response = send(request.build());
        Answer answer = new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        if (response.statusCode() / 100 != 2) {
            throw new EndpointError(answer, "the endpoint " + endpoint + " answered " + response.statusCode() + ": " + message(response.body()));
        }
        return answer;
    }

    /** An endpoint's refusal, with the answer, so that a caller can tell an expired token from the rest. */
    public static final class EndpointError extends RuntimeException {
        private final Answer answer;

        EndpointError(Answer answer, String message) {
            super(message, null, false, false);
            this.answer = answer;
        }

        public Answer answer() {
            return answer;
        }

        public ClientFailure failure() {
            return new ClientFailure(ENDPOINT_ERROR, getMessage());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        String where = request.uri().getScheme() + "://" + request.uri().getRawAuthority();
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            // The request's own timeout ends when the headers arrive: this one bounds the body too, which a server may stall.
            return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new ClientFailure(NETWORK, "cannot reach " + where + ": timed out");
        } catch (ExecutionException e) {
            throw failure(e.getCause(), where);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new ClientFailure(NETWORK, "interrupted while calling " + where);
        }
    }

    /** What a failed request is to the caller: a network failure, else what it was. */
    private static RuntimeException failure(Throwable cause, String where) {
        if (cause instanceof SSLException e) {
            return new ClientFailure(NETWORK, "cannot reach " + where + " over TLS: " + tlsProblem(e)
                    + " (for a private CA or self-signed certificate give --cacert FILE)");
        }
        // Java's HTTP client reports a name that does not resolve as a failed connection too.
        if (cause instanceof ConnectException && cause.getCause() instanceof UnresolvedAddressException) {
            return new ClientFailure(NETWORK, "cannot reach " + where + ": unknown host");
        }
        if (cause instanceof ConnectException) {
            return new ClientFailure(NETWORK, "cannot reach " + where + ": connection refused");
        }
        if (cause instanceof HttpTimeoutException) {
            return new ClientFailure(NETWORK, "cannot reach " + where + ": timed out");
        }
        if (cause instanceof IOException) {
            return new ClientFailure(NETWORK, "cannot reach " + where + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
        return cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
    }

    private static String tlsProblem(SSLException e) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("PKIX") || text.contains("certification path")) {
            return "the server's certificate is not trusted";
        }
        if (text.contains("subject alternative") || text.contains("No name matching")) {
            return "the server's certificate is for another host name";
        }
        return "the handshake failed (" + text.replaceAll("[a-z0-9_]+(\\.[A-Za-z0-9_]+)+(Exception|Error): ", "") + ")";
    }

    /**
     * The server's own message, on one line: {@code error_description} or {@code error} of a JSON
     * body, else the start of the body. Control characters become spaces, so that a server can
     * neither break the one-line failure nor send terminal escape sequences through it.
     */
    static String message(String body) {
        String text = body;
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                JsonNode field = json.hasNonNull("error_description") ? json.get("error_description")
                        : json.hasNonNull("message") ? json.get("message") : json.get("error");
                if (field != null && !field.isNull()) {
                    text = field.asText();
                }
            }
        } catch (IOException e) {
            // not JSON: the body itself
        }
        String oneLine = text.replaceAll("[\\p{Cc}\\s]+", " ").strip();
        return oneLine.isEmpty() ? "(empty body)"
                : oneLine.length() > MAX_MESSAGE_LENGTH ? oneLine.substring(0, MAX_MESSAGE_LENGTH) + "…" : oneLine;
    }
}
