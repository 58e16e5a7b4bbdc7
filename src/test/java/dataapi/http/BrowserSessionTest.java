package dataapi.http;

import dataapi.Await;
import dataapi.AuthTestSupport;
import dataapi.DataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dataapi.AuthTestSupport.adminOk;
import static dataapi.AuthTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser sessions over plain HTTP, with the admin commands changing the running server's store:
 * where the login sends the browser, and what a session is bound to. A server of its own, so that
 * these refusals do not count towards {@link AccessControlTest}'s limit of failures per address.
 */
class BrowserSessionTest {
    private static final String TOP10 = "/connector/customers/top10";

    @TempDir
    static Path work;

    private static DataApi api;
    private static HttpClient client;
    private static String baseUrl;
    private static List<String> store;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = work.resolve("data");
        store = List.of("--data-dir", dataDir.toString());
        AuthTestSupport.quickstartSetUp(store, work);
        api = AuthTestSupport.builtinServer(dataDir, Optional.empty(), List.of());
        client = HttpClient.newHttpClient();
        baseUrl = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aBrowserIsSentToTheLoginWithThePageAndItsParameters() throws Exception {
        HttpResponse<String> page = get(client, baseUrl + TOP10 + "?start_range=1995-02-01&end_range=1995-02-14", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location"))
                .hasValue("/login?next=%2Fconnector%2Fcustomers%2Ftop10%3Fstart_range%3D1995-02-01%26end_range%3D1995-02-14");
        // Three times longer once encoded, a long query would not fit in the answer's headers: the login goes to its default page.
        HttpResponse<String> longQuery = get(client, baseUrl + TOP10 + "?" + "a=&".repeat(1000), "Accept", "text/html");
        assertThat(longQuery.statusCode()).isEqualTo(303);
        assertThat(longQuery.headers().firstValue("Location")).hasValue("/login");
    }

    /** Browsers drop tabs and line breaks from a Location: {@code /<TAB>/evil.com} would take them to evil.com. */
    @Test
    void aLoginNeverSendsTheBrowserToAnotherSite() throws Exception {
        for (String next : List.of("/\t/evil.com", "/\r\n/evil.com", "/\\evil.com")) {
            HttpResponse<String> login = AuthTestSupport.post(client, baseUrl + "/login",
                    Map.of("user", "apiuser", "password", AuthTestSupport.PASSWORD, "next", next), "text/html");
            sessionCookie(login);
            assertThat(login.headers().firstValue("Location")).as(next).hasValue("/test");
        }
    }

    @Test
    void aSessionEndsWithItsRoleAndARoleMadeAgainDoesNotBringItBack() throws Exception {
        // A new user: the server reads the store at once for a user it does not know yet.
        adminOk(store, "user", "create", "roleuser", "--password-file", work.resolve("password.txt").toString());
        adminOk(store, "role", "create", "sessionrole");
        adminOk(store, "grant", "role", "sessionrole", "--to-user", "roleuser");
        Map<String, String> form = Map.of("user", "roleuser", "password", AuthTestSupport.PASSWORD, "role", "sessionrole");
        String cookie = sessionCookie(AuthTestSupport.post(client, baseUrl + "/login", form, "text/html"));
        assertThat(get(client, baseUrl + "/session", "Cookie", cookie).body()).isEqualTo("{\"user\":\"ROLEUSER\",\"role\":\"SESSIONROLE\"}");

        adminOk(store, "role", "drop", "sessionrole");
        HttpResponse<String> dropped = AccessControlTest.eventually(() -> get(client, baseUrl + "/session", "Cookie", cookie),
                response -> response.statusCode() == 401);
        assertRefused(dropped, "User ROLEUSER no longer has role SESSIONROLE.");
        adminOk(store, "role", "create", "sessionrole");
        adminOk(store, "grant", "role", "sessionrole", "--to-user", "roleuser");
        Await.until(() -> {
            try {
                return AuthTestSupport.post(client, baseUrl + "/login", form, "text/html").statusCode() == 303;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the server has the role again");
        assertRefused(get(client, baseUrl + "/session", "Cookie", cookie), "Role SESSIONROLE was dropped and made again since this session began: log in again.");
    }

    /** The session cookie a successful login sets, as a {@code Cookie} header's value. */
    private static String sessionCookie(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static void assertRefused(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"" + message + "\"}");
    }
}
