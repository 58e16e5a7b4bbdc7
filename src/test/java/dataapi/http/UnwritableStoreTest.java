package dataapi.http;

import dataapi.AuthTestSupport;
import dataapi.DataApi;
import dataapi.ReadOnlyDirectory;
import dataapi.StandardError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dataapi.AuthTestSupport.exchange;
import static dataapi.AuthTestSupport.get;
import static dataapi.AuthTestSupport.snowflakeToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file store the running server cannot write, as on a read-only mount: what only reads it goes
 * on, and what it could not record is logged.
 */
class UnwritableStoreTest {
    private static final String TOP10 = "/connector/customers/top10";

    @TempDir
    Path work;

    /** The exchange's only write is when the PAT was last used: bookkeeping, not a reason to refuse the token. */
    @Test
    void tokenExchangesGoOnWhenTheirUseCannotBeRecorded() throws Exception {
        Path dataDir = work.resolve("data");
        List<String> store = List.of("--data-dir", dataDir.toString());
        String pat = AuthTestSupport.quickstartSetUp(store, work);
        HttpClient client = HttpClient.newHttpClient();
        try (DataApi api = AuthTestSupport.builtinServer(dataDir, Optional.empty(), List.of())) {
            String baseUrl = "http://127.0.0.1:" + api.port();
            String scope = "session:scope:APIROLE 127.0.0.1:" + api.port();
            String unwritable = StandardError.during(() -> {
                try (ReadOnlyDirectory ignored = new ReadOnlyDirectory(dataDir.resolve("auth"))) {
                    for (int i = 0; i < 3; i++) {
                        HttpResponse<String> exchanged = exchange(client, baseUrl, pat, scope, "*/*");
                        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
                        assertThat(get(client, baseUrl + TOP10, "Authorization", snowflakeToken(exchanged.body())).statusCode()).isEqualTo(200);
                    }
                    assertThat(AuthTestSupport.adminOk(store, "pat", "list", "apiuser").out()).containsPattern("TESTER .* never ");
                }
            });
            assertThat(unwritable).containsOnlyOnce("Cannot record when PATs are used, token exchanges go on without it: cannot write")
                    .doesNotContain(pat);

            String writable = StandardError.during(() -> assertThat(exchange(client, baseUrl, pat, scope, "*/*").statusCode()).isEqualTo(200));
            assertThat(writable).contains("The auth store records when PATs are used again");
            assertThat(AuthTestSupport.adminOk(store, "pat", "list", "apiuser").out()).doesNotContainPattern("TESTER .* never ");
        }
    }

    /** A logout the store cannot record still clears the browser's cookie; a copy of the cookie then lives until it expires. */
    @Test
    void aLogoutTheStoreCannotRecordStillClearsTheCookie() throws Exception {
        Path dataDir = work.resolve("data");
        AuthTestSupport.quickstartSetUp(List.of("--data-dir", dataDir.toString()), work);
        HttpClient client = HttpClient.newHttpClient();
        try (DataApi api = AuthTestSupport.builtinServer(dataDir, Optional.empty(), List.of())) {
            String baseUrl = "http://127.0.0.1:" + api.port();
            HttpResponse<String> login = AuthTestSupport.post(client, baseUrl + "/login",
                    Map.of("user", "apiuser", "password", AuthTestSupport.PASSWORD), "text/html");
            assertThat(login.statusCode()).isEqualTo(303);
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            String logged = StandardError.during(() -> {
                try (ReadOnlyDirectory ignored = new ReadOnlyDirectory(dataDir.resolve("auth"))) {
                    HttpResponse<String> logout = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/logout")).header("Cookie", cookie)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(logout.statusCode()).isEqualTo(303);
                    assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("dataapi_session=;");
                }
            });
            assertThat(logged).contains("Logout from 127.0.0.1: the session could not be recorded as ended,"
                    + " so a copy of its cookie works until it expires: cannot write").doesNotContain(cookie.substring(cookie.indexOf('=') + 1));
            assertThat(get(client, baseUrl + "/session", "Cookie", cookie).statusCode()).isEqualTo(200);
        }
    }
}
