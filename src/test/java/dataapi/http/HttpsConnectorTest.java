package dataapi.http;

import dataapi.Await;
import dataapi.RawHttp;
import dataapi.TestTls;
import dataapi.config.TlsConfig;
import dataapi.config.TrustedProxies;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS served by the server itself, on a server of the test's own. */
class HttpsConnectorTest {
    /**
     * A client that speaks plain HTTP to the HTTPS port is told, in a JSON 400, the URL to use
     * instead of being left without an answer; nothing is served over plain HTTP, a CORS preflight
     * from an allowed origin included, and HTTPS is served on the same port as before.
     */
    @Test
    void plainHttpToTheHttpsPortIsA400ThatNamesTheHttpsUrlAndServesNothing(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        String origin = "https://app.example.com";
        try (TestServer server = TestServer.start(new ServerAccess(AccessGate.none(), Optional.of(tls.files()), List.of(origin), TrustedProxies.NONE))) {
            String authority = "127.0.0.1:" + server.port();
            for (String path : List.of("/healthz", "/connector/customers/top10", "/no/such/path")) {
                for (String method : List.of("GET", "OPTIONS")) {
                    String id = "plain-" + method + "-" + path.length();
                    RawHttp.Response plain;
                    try (RawHttp http = RawHttp.send("127.0.0.1", server.port(), (method + " " + path + "?start_range=1995-01-01 HTTP/1.1\r\nHost: "
                            + authority + "\r\nOrigin: " + origin + "\r\nAccess-Control-Request-Method: GET\r\nX-Request-Id: " + id
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
                        plain = http.response();
                    }
                    assertThat(plain.status()).as(method + " " + path).isEqualTo(400);
                    assertThat(plain.header("Content-Type")).as(method + " " + path).startsWith("application/json");
                    assertThat(plain.body()).as(method + " " + path).isEqualTo("{\"error\":\"This port speaks HTTPS: use https://" + authority + path + "\"}");
                    List<String> logged = List.of("\"request_id\":\"" + id + "\"", "\"method\":\"" + method + "\"", "\"path\":\"" + path + "\"",
                            "\"status\":400");
                    // The access log is written once the answer is sent.
                    Await.until(() -> server.accessLog.stream().anyMatch(line -> logged.stream().allMatch(line::contains)),
                            "the access log's line of " + method + " " + path);
                }
            }
            HttpResponse<String> secure = tls.client().send(HttpRequest.newBuilder(URI.create("https://" + authority + "/connector/customers/top10")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(secure.body()).startsWith("[{\"O_CUSTKEY\":");
        }
    }

    /**
     * The key is checked against its certificate whichever provider reads it: the JDK names an EC key
     * "EC", Bouncy Castle "ECDSA", and the Snowflake driver registers Bouncy Castle in the process.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKeyIsTheCertificatesOrRefusedWithBouncyCastleRegisteredOrNot(boolean bouncyCastle, @TempDir Path dir) throws Exception {
        TlsConfig one = TestTls.create(dir.resolve("one")).files();
        TlsConfig other = TestTls.create(dir.resolve("other")).files();
        List<Provider> before = Arrays.asList(Security.getProviders());
        try {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (bouncyCastle) {
                Security.addProvider(new BouncyCastleProvider());
            }
            assertThatCode(() -> HttpsConnector.check(one)).doesNotThrowAnyException();
            assertThatThrownBy(() -> HttpsConnector.check(new TlsConfig(one.certificate(), other.privateKey())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("the key is not the certificate's (the first certificate's public key does not match it)");
        } finally {
            // As it was: the providers other tests in this process registered stay, in their places.
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            for (int i = 0; i < before.size(); i++) {
                if (Security.getProvider(before.get(i).getName()) == null) {
                    Security.insertProviderAt(before.get(i), i + 1);
                }
            }
        }
    }
}
