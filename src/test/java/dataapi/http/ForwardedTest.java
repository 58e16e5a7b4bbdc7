package dataapi.http;

import dataapi.AuthTestSupport;
import dataapi.DataApi;
import dataapi.RawHttp;
import dataapi.TestData;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.TrustedProxies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --trusted-proxy}: behind a proxy it names, the client of a request is the one the proxy's
 * X-Forwarded-For names, for the throttle on failures, and the scheme is the one its X-Forwarded-Proto
 * names, for the session cookie; from any other peer both headers are ignored.
 */
class ForwardedTest {
    private static final String TOP10 = "/connector/customers/top10";
    private static final String PROXY = "127.0.0.2";
    private static final String NOT_A_PROXY = "127.0.0.3";

    @TempDir
    Path work;

    /** Each client behind the proxy has failures of its own: one that keeps failing does not lock out the others. */
    @Test
    void failuresCountAgainstTheClientTheProxyNames() throws Exception {
        try (DataApi api = server(PROXY)) {
            for (int i = 0; i < ServerAccess.FAILURE_LIMIT; i++) {
                assertThat(badToken(api, PROXY, "X-Forwarded-For: 203.0.113.1").status()).isEqualTo(401);
            }
            assertThat(badToken(api, PROXY, "X-Forwarded-For: 203.0.113.1").status()).isEqualTo(429);
            assertThat(badToken(api, PROXY, "X-Forwarded-For: 203.0.113.2").status()).as("another client").isEqualTo(401);
            assertThat(badToken(api, PROXY).status()).as("the proxy's own request").isEqualTo(401);
        }
    }

    /**
     * What a client writes in X-Forwarded-For comes before what the proxies add: the client is the last address no
     * trusted proxy added, whatever the client wrote before it, with or without a port.
     */
    @Test
    void theClientIsTheLastAddressNoTrustedProxyAdded() throws Exception {
        try (DataApi api = server(PROXY, "10.0.0.0/8")) {
            List<String> sameClient = List.of("X-Forwarded-For: 203.0.113.9, 10.1.2.3",
                    "X-Forwarded-For: 198.51.100.1, 203.0.113.9, 10.1.2.3",
                    "X-Forwarded-For: 198.51.100.2\r\nX-Forwarded-For: 203.0.113.9:41234, 10.1.2.3");
            for (int i = 0; i < ServerAccess.FAILURE_LIMIT; i++) {
                assertThat(badToken(api, PROXY, sameClient.get(i % sameClient.size())).status()).isEqualTo(401);
            }
            for (String forwarded : sameClient) {
                assertThat(badToken(api, PROXY, forwarded).status()).as(forwarded).isEqualTo(429);
            }
            assertThat(badToken(api, PROXY, "X-Forwarded-For: 203.0.113.9, 203.0.113.10, 10.1.2.3").status())
                    .as("the last address no proxy added is another client's").isEqualTo(401);
        }
    }

    /** An IPv6 client is one client, written in brackets with a port or bare, in full or shortened. */
    @Test
    void anIpv6ClientIsOneWhateverItsForm() throws Exception {
        try (DataApi api = server(PROXY)) {
            List<String> sameClient = List.of("X-Forwarded-For: [2001:db8::9]:41234", "X-Forwarded-For: 2001:db8::9",
                    "X-Forwarded-For: 2001:DB8:0:0:0:0:0:9");
            for (int i = 0; i < ServerAccess.FAILURE_LIMIT; i++) {
                assertThat(badToken(api, PROXY, sameClient.get(i % sameClient.size())).status()).isEqualTo(401);
            }
            for (String forwarded : sameClient) {
                assertThat(badToken(api, PROXY, forwarded).status()).as(forwarded).isEqualTo(429);
            }
            assertThat(badToken(api, PROXY, "X-Forwarded-For: 2001:db8::10").status()).isEqualTo(401);
        }
    }

    /** A caller that is no trusted proxy cannot name itself another client, and escape the throttle. */
    @Test
    void fromAnyOtherPeerTheHeaderIsIgnored() throws Exception {
        try (DataApi api = server(PROXY)) {
            for (int i = 0; i < ServerAccess.FAILURE_LIMIT; i++) {
                assertThat(badToken(api, NOT_A_PROXY, "X-Forwarded-For: 203.0.113." + i).status()).isEqualTo(401);
            }
            assertThat(badToken(api, NOT_A_PROXY, "X-Forwarded-For: 203.0.113.99").status()).isEqualTo(429);
            assertThat(badToken(api, PROXY, "X-Forwarded-For: 203.0.113.99").status()).as("the client it named").isEqualTo(401);
        }
    }

    /** A proxy that ends TLS asks over plain HTTP: the session cookie is Secure when the proxy says it was asked over HTTPS. */
    @Test
    void theSessionCookieIsSecureWhenTheProxyWasAskedOverHttps() throws Exception {
        AuthTestSupport.quickstartSetUp(List.of("--data-dir", work.resolve("data").toString()), work);
        try (DataApi api = server(PROXY)) {
            assertThat(sessionCookie(api, PROXY, "X-Forwarded-Proto: https")).contains("; Secure");
            assertThat(sessionCookie(api, PROXY, "X-Forwarded-Proto: http")).doesNotContain("Secure");
            assertThat(sessionCookie(api, PROXY)).doesNotContain("Secure");
            assertThat(sessionCookie(api, NOT_A_PROXY, "X-Forwarded-Proto: https")).as("not from a proxy").doesNotContain("Secure");
        }
    }

    private DataApi server(String... trustedProxies) throws Exception {
        return DataApi.start(TestData.serverConfig().withAccess(new AccessConfig(AuthMode.BUILTIN, false,
                AuthStoreConfig.file(work.resolve("data").resolve("auth")), Optional.empty(), List.of(), TrustedProxies.parse(List.of(trustedProxies)))));
    }

    private static RawHttp.Response badToken(DataApi api, String from, String... headers) throws IOException {
        String[] all = new String[headers.length + 1];
        all[0] = "Authorization: " + AuthTestSupport.snowflakeToken("not-a-token");
        System.arraycopy(headers, 0, all, 1, headers.length);
        return RawHttp.exchange(from, api.port(), TOP10, all);
    }

    private static String sessionCookie(DataApi api, String from, String... headers) throws IOException {
        RawHttp.Response login = RawHttp.post(from, api.port(), "127.0.0.1:" + api.port(), "/login", "application/x-www-form-urlencoded",
                "user=apiuser&password=" + AuthTestSupport.PASSWORD, headers);
        assertThat(login.status()).as(login.body()).isEqualTo(303);
        return login.header("Set-Cookie");
    }
}
