package dataapi.http;

import dataapi.AuthTestSupport;
import dataapi.DataApi;
import dataapi.RawHttp;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.TrustedProxies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dataapi.AuthTestSupport.exchange;
import static dataapi.AuthTestSupport.get;
import static dataapi.AuthTestSupport.snowflakeToken;
import static org.assertj.core.api.Assertions.assertThat;

/** Two servers on one PostgreSQL store: one signing key, one set of users and PATs, one revocation, one logout. */
class SharedStoreTest {
    private static final String TOP10 = "/connector/customers/top10";

    @TempDir
    Path work;

    @Test
    void twoServersAcceptEachOthersTokensAndBothHonourARevocationAndALogout() throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            String url = postgres.jdbcUrl() + "?user=" + TestPostgres.USER + "&password=" + TestPostgres.PASSWORD;
            List<String> store = List.of("--auth-store", "postgres", "--auth-store-url", url);
            String pat = AuthTestSupport.quickstartSetUp(store, work);
            AccessConfig access = new AccessConfig(AuthMode.BUILTIN, false,
                    new AuthStoreConfig(work.resolve("unused"), Optional.of(url), Optional.empty(), Optional.empty()), Optional.empty(), List.of(),
                    TrustedProxies.NONE);
            HttpClient client = HttpClient.newHttpClient();
            try (DataApi first = DataApi.start(TestData.serverConfig().withAccess(access));
                 DataApi second = DataApi.start(TestData.serverConfig().withAccess(access))) {
                // One host name for both, as behind a load balancer; here the port differs, so each token names its server.
                String firstUrl = "http://127.0.0.1:" + first.port();
                String secondUrl = "http://127.0.0.1:" + second.port();
                HttpResponse<String> fromFirst = exchange(client, firstUrl, pat, "session:scope:APIROLE 127.0.0.1:" + second.port(), "*/*");
                assertThat(fromFirst.statusCode()).as(fromFirst.body()).isEqualTo(200);
                HttpResponse<String> fromSecond = exchange(client, secondUrl, pat, "session:scope:APIROLE 127.0.0.1:" + first.port(), "*/*");
                assertThat(fromSecond.statusCode()).as(fromSecond.body()).isEqualTo(200);

                assertThat(get(client, secondUrl + TOP10, "Authorization", snowflakeToken(fromFirst.body())).statusCode()).isEqualTo(200);
                assertThat(get(client, firstUrl + TOP10, "Authorization", snowflakeToken(fromSecond.body())).statusCode()).isEqualTo(200);

                // A session opened and ended on the first server, for the host name both serve (here the second's).
                String sessionHost = "127.0.0.1:" + second.port();
                RawHttp.Response login = post(first.port(), sessionHost, "/login", "user=apiuser&password="
                        + URLEncoder.encode(AuthTestSupport.PASSWORD, StandardCharsets.UTF_8), "");
                assertThat(login.status()).as(login.body()).isEqualTo(303);
                String cookie = login.header("Set-Cookie").substring(0, login.header("Set-Cookie").indexOf(';'));
                assertThat(get(client, secondUrl + "/session", "Cookie", cookie).statusCode()).isEqualTo(200);
                assertThat(post(first.port(), sessionHost, "/logout", "", cookie).status()).isEqualTo(303);
                HttpResponse<String> ended = AccessControlTest.eventually(
                        () -> get(client, secondUrl + "/session", "Cookie", cookie), response -> response.statusCode() == 401);
                assertThat(ended.body()).contains("This session was ended at logout");

                AuthTestSupport.adminOk(store, "pat", "revoke", "apiuser", "tester");
                for (String[] call : List.of(new String[] {secondUrl, fromFirst.body()}, new String[] {firstUrl, fromSecond.body()})) {
                    HttpResponse<String> replayed = AccessControlTest.eventually(
                            () -> get(client, call[0] + TOP10, "Authorization", snowflakeToken(call[1])), response -> response.statusCode() == 401);
                    assertThat(replayed.statusCode()).isEqualTo(401);
                    assertThat(replayed.body()).contains("revoked");
                }
            }
        }
    }

    /** A form posted with the {@code Host} given, which {@link HttpClient} does not let a caller choose. */
    private static RawHttp.Response post(int port, String host, String path, String form, String cookie) throws Exception {
        String[] headers = cookie.isEmpty() ? new String[0] : new String[] {"Cookie: " + cookie};
        return RawHttp.post(port, host, path, "application/x-www-form-urlencoded", form, headers);
    }
}
