package dataapi.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dataapi.AuthTestSupport;
import dataapi.Await;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.RawHttp;
import dataapi.TestData;
import dataapi.auth.Authenticator;
import dataapi.auth.FileAuthStore;
import dataapi.auth.Passwords;
import dataapi.auth.TokenExchange;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.TrustedProxies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The modes other than built-in, and the slowing down of clients that keep failing. */
class AccessModesTest {
    private static final String TOP10 = "/connector/customers/top10";
    /** A login form with APIUSER's name and a wrong password. */
    private static final String WRONG_LOGIN = "user=apiuser&password=not+the+password";
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void spcsTrustsTheIngressHeaderLogsTheCallerAndRefusesRequestsWithoutIt() throws Exception {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
        // The access log goes to standard output from the server's start on.
        System.setOut(new PrintStream(accessLog, true, StandardCharsets.UTF_8));
        try (DataApi api = DataApi.start(config(AuthMode.SPCS, "127.0.0.1", false))) {
            HttpResponse<String> without = Http.get(api.port(), TOP10);
            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.body()).isEqualTo("{\"error\":\"No Sf-Context-Current-User header: requests must come through the SPCS ingress.\"}");
            assertThat(without.headers().firstValue("WWW-Authenticate")).as("no bearer token is taken here").hasValue("Snowflake realm=\"SPCS ingress\"");
            // One from the client beside the ingress's: which names the caller is unknown, so neither does.
            HttpResponse<String> twice = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + TOP10))
                    .header("Sf-Context-Current-User", "APIUSER").header("Sf-Context-Current-User", "OTHER").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(twice.statusCode()).isEqualTo(401);
            assertThat(twice.body()).isEqualTo("{\"error\":\"The request has more than one Sf-Context-Current-User header; send one.\"}");
            // SPCS's readiness probe reaches the container directly, without the ingress's header.
            assertThat(Http.get(api.port(), "/readyz").statusCode()).isEqualTo(200);
            assertThat(Http.get(api.port(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(Http.get(api.port(), "/metrics").body()).contains("http_server_requests_seconds_count");

            for (String path : List.of(TOP10, "/openapi.json")) {
                HttpResponse<String> with = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                        .header("Sf-Context-Current-User", "APIUSER").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(with.statusCode()).as(path).isEqualTo(200);
                assertThat(with.body()).as(path).startsWith(path.equals(TOP10) ? "[{\"O_CUSTKEY\":" : "{\"openapi\":");
                assertThat(with.headers().firstValue("Cache-Control")).as("an answer to a caller shared caches must not keep: " + path)
                        .hasValue("private, no-cache");
            }
        } finally {
            System.setOut(originalOut);
        }
        assertThat(accessLog.toString(StandardCharsets.UTF_8))
                .containsPattern("\\{[^\n]*\"caller\":\"APIUSER\",\"method\":\"GET\",\"path\":\"/connector/customers/top10\"[^\n]*\"status\":200");
    }

    /** Each refusal is in the access log; the server's log has at most ten a second, and a count of the rest. */
    @Test
    void refusalsBeyondTheLogsLimitAreCountedNotLogged() throws Exception {
        try (DataApi api = DataApi.start(config(AuthMode.SPCS, "127.0.0.1", false))) {
            WarningFlood.assertLoggedOrCounted(
                    Pattern.compile("\\[WARN] AccessGate - GET /connector/customers/top10 from 127.0.0.1 refused: No Sf-Context-Current-User"),
                    100, () -> assertThat(Http.get(api.port(), TOP10).statusCode()).isEqualTo(401));
        }
    }

    @Test
    void theSpcsHeaderMeansNothingInOtherModes() throws Exception {
        try (DataApi api = DataApi.start(config(AuthMode.BUILTIN, "127.0.0.1", false))) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + TOP10))
                    .header("Sf-Context-Current-User", "APIUSER").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            // Probes and metrics scrapers carry no credentials in any mode.
            assertThat(Http.get(api.port(), "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = Http.get(api.port(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("http_server_requests_seconds_count");
        }
    }

    @Test
    void noAuthenticationIsRefusedBeyondLoopbackUnlessAllowedExplicitly() throws Exception {
        assertThatThrownBy(() -> DataApi.start(config(AuthMode.NONE, "0.0.0.0", false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--allow-anonymous");
        try (DataApi api = DataApi.start(config(AuthMode.NONE, "0.0.0.0", true))) {
            assertThat(Http.get(api.port(), TOP10).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void repeatedFailuresFromOneClientGet429WithRetryAfter() throws Exception {
        try (DataApi api = DataApi.start(config(AuthMode.BUILTIN, "127.0.0.1", false))) {
            for (int i = 0; i < ServerAccess.FAILURE_LIMIT; i++) {
                assertThat(withToken(api, "not-a-token").statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled = withToken(api, "not-a-token");
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 61));
            assertThat(throttled.body()).contains("Too many failed attempts");
        }
    }

    /**
     * A password check takes half a second of a core: counted only once it failed, every guess sent at
     * once would be checked before the first was counted. Those past the limit are refused unchecked.
     */
    @Test
    void wrongPasswordsSentAtOnceAreCheckedNoMoreOftenThanTheLimit() throws Exception {
        quickstartSetUp();
        try (DataApi api = builtinServer()) {
            int beyond = 10;
            HttpRequest guess = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(WRONG_LOGIN)).build();
            List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, ServerAccess.FAILURE_LIMIT + beyond)
                    .mapToObj(i -> client.sendAsync(guess, HttpResponse.BodyHandlers.ofString())).toList();
            List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();

            assertThat(answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting())))
                    .isEqualTo(Map.of(401, (long) ServerAccess.FAILURE_LIMIT, 429, (long) beyond));
            assertThat(answers).filteredOn(answer -> answer.statusCode() == 429)
                    .allSatisfy(answer -> assertThat(answer.headers().firstValue("Retry-After")).isPresent());
        }
    }

    /**
     * Logins from many addresses, each within its own limit, wait for the password hashing: beyond
     * {@link AccessGate#MAX_LOGINS_UNDER_WAY} they are refused at once, so that they cannot hold every thread
     * they would wait on. Once the flood is checked, a login goes through again.
     */
    @Test
    void loginsFromManyAddressesBeyondThoseThatMayBeUnderWayAreRefusedAtOnce() throws Exception {
        quickstartSetUp();
        try (DataApi api = builtinServer()) {
            int beyond = 20;
            int sent = AccessGate.MAX_LOGINS_UNDER_WAY + beyond;
            byte[] login = ("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + WRONG_LOGIN.length() + "\r\nConnection: close\r\n\r\n" + WRONG_LOGIN).getBytes(StandardCharsets.US_ASCII);
            List<RawHttp> logins = new ArrayList<>();
            try {
                for (int i = 0; i < sent; i++) {
                    logins.add(RawHttp.send("127.0." + (1 + i / 250) + "." + (1 + i % 250), api.port(), login));
                }
                List<RawHttp.Response> answers = new ArrayList<>();
                for (RawHttp each : logins) {
                    answers.add(each.response());
                }
                List<RawHttp.Response> refused = answers.stream().filter(answer -> answer.status() == 503).toList();
                assertThat(refused).as("all sent before the first hash was done, or nearly").hasSizeBetween(1, beyond);
                assertThat(answers).filteredOn(answer -> answer.status() != 503).extracting(RawHttp.Response::status).containsOnly(401);
                assertThat(refused).allSatisfy(answer -> {
                    assertThat(answer.header("Retry-After")).isNotNull();
                    assertThat(answer.body()).contains(AccessGate.TOO_MANY_LOGINS);
                });
            } finally {
                for (RawHttp each : logins) {
                    each.close();
                }
            }
            HttpResponse<String> right = AuthTestSupport.post(client, "http://127.0.0.1:" + api.port() + "/login",
                    Map.of("user", "apiuser", "password", AuthTestSupport.PASSWORD), "text/html");
            assertThat(right.statusCode()).as("the logins that were under way are counted no more").isEqualTo(303);
        }
    }

    /** Requests without credentials, or with a token that has expired or was revoked, guess nothing: they shut no one out. */
    @Test
    void missingCredentialsAndExpiredOrRevokedTokensAreNotCountedAsFailures() throws Exception {
        Path dataDir = dataDir();
        String pat = quickstartSetUp();
        try (DataApi api = builtinServer()) {
            String host = "127.0.0.1:" + api.port();
            String expired;
            try (FileAuthStore store = new FileAuthStore(dataDir.resolve("auth"))) {
                Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
                expired = new Authenticator(store, new Passwords(new SecureRandom()), twoHoursAgo)
                        .exchange(TokenExchange.parse(TokenExchange.GRANT_TYPE, pat, TokenExchange.SUBJECT_TOKEN_TYPE, host)).token();
            }
            for (int i = 0; i < 2 * ServerAccess.FAILURE_LIMIT; i++) {
                assertThat(Http.get(api.port(), TOP10).statusCode()).isEqualTo(401);
                HttpResponse<String> late = withToken(api, expired);
                assertThat(late.statusCode()).isEqualTo(401);
                assertThat(late.body()).contains("The token has expired.");
            }
            HttpResponse<String> exchanged = AuthTestSupport.exchange(client, "http://" + host, pat, host, "*/*");
            assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
            String token = exchanged.body();
            assertThat(withToken(api, token).statusCode()).isEqualTo(200);

            AuthTestSupport.adminOk(List.of("--data-dir", dataDir.toString()), "pat", "revoke", "apiuser", "tester");
            Await.until(() -> {
                try {
                    return withToken(api, token).statusCode() == 401;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "the revocation is seen");
            for (int i = 0; i < 2 * ServerAccess.FAILURE_LIMIT; i++) {
                HttpResponse<String> revoked = withToken(api, token);
                assertThat(revoked.statusCode()).isEqualTo(401);
                assertThat(revoked.body()).contains("has been revoked");
            }
        }
    }

    /** A key taken out of the store while servers run is replaced: the tokens it signed are refused, not answered with 500. */
    @Test
    void aSigningKeyTakenOutOfTheStoreEndsItsTokensAndANewOneSignsTheNext() throws Exception {
        Path dataDir = dataDir();
        String pat = quickstartSetUp();
        try (DataApi api = builtinServer()) {
            String baseUrl = "http://127.0.0.1:" + api.port();
            HttpResponse<String> before = AuthTestSupport.exchange(client, baseUrl, pat, "127.0.0.1:" + api.port(), "*/*");
            assertThat(withToken(api, before.body()).statusCode()).isEqualTo(200);

            Path storeFile = dataDir.resolve("auth").resolve("auth.json");
            ObjectNode document = (ObjectNode) new ObjectMapper().readTree(storeFile.toFile());
            assertThat(document.remove("signingKey")).isNotNull();
            Files.write(storeFile, new ObjectMapper().writeValueAsBytes(document));

            HttpResponse<String> refused = AccessControlTest.eventually(() -> withToken(api, before.body()), response -> response.statusCode() != 200);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            HttpResponse<String> after = AuthTestSupport.exchange(client, baseUrl, pat, "127.0.0.1:" + api.port(), "*/*");
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            assertThat(withToken(api, after.body()).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> withToken(DataApi api, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + TOP10))
                .header("Authorization", AuthTestSupport.snowflakeToken(token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private AccessConfig access(AuthMode mode, boolean allowAnonymous) {
        return new AccessConfig(mode, allowAnonymous, AuthStoreConfig.file(work.resolve("auth")), Optional.empty(), List.of(),
                TrustedProxies.NONE);
    }

    private Path dataDir() {
        return work.resolve("data");
    }

    /** The quickstart's user, role and PAT in the file store under {@link #dataDir()}; returns the PAT. */
    private String quickstartSetUp() throws Exception {
        return AuthTestSupport.quickstartSetUp(List.of("--data-dir", dataDir().toString()), work);
    }

    /** A server with built-in authentication over {@link #dataDir()}'s store. */
    private DataApi builtinServer() throws Exception {
        return AuthTestSupport.builtinServer(dataDir(), Optional.empty(), List.of());
    }

    private dataapi.config.ServerConfig config(AuthMode mode, String host, boolean allowAnonymous) throws Exception {
        dataapi.config.ServerConfig base = TestData.serverConfig();
        return new dataapi.config.ServerConfig(host, 0, base.metricsPort(), base.embedded(), base.poolSize(), base.poolWait(), base.cache(),
                base.warehouse(), base.ordersTable(), base.postgres(), base.snowflake(), base.limits(), access(mode, allowAnonymous), List.of());
    }
}
