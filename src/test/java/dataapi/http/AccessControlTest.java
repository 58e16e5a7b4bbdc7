package dataapi.http;

import dataapi.Await;
import dataapi.AuthTestSupport;
import dataapi.AuthTestSupport.Run;
import dataapi.DataApi;
import dataapi.TestTls;
import dataapi.auth.AuthAdmin;
import dataapi.auth.Authenticator;
import dataapi.auth.FileAuthStore;
import dataapi.auth.Passwords;
import dataapi.auth.PatSecrets;
import dataapi.auth.TokenExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dataapi.AuthTestSupport.adminOk;
import static dataapi.AuthTestSupport.exchange;
import static dataapi.AuthTestSupport.get;
import static dataapi.AuthTestSupport.snowflakeToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Built-in access control end to end over HTTPS with a real server and the admin commands working
 * on its store while it runs: the quickstart's PAT flow, and every way a credential can be wrong.
 * Everything the server logs meanwhile is captured, and no secret may appear in it.
 */
class AccessControlTest {
    private static final String TOP10 = "/connector/customers/top10";

    @TempDir
    static Path work;

    private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private static final List<String> secrets = new ArrayList<>();
    private static final List<String> bodies = new ArrayList<>();
    private static PrintStream originalErr;
    private static DataApi api;
    private static HttpClient client;
    private static String baseUrl;
    private static String host;
    private static List<String> store;
    private static String pat;

    @BeforeAll
    static void start() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
        Path dataDir = work.resolve("data");
        store = List.of("--data-dir", dataDir.toString());
        TestTls tls = TestTls.create(work.resolve("tls"));
        pat = AuthTestSupport.quickstartSetUp(store, work);
        secrets.add(pat);
        secrets.add(AuthTestSupport.PASSWORD);
        api = AuthTestSupport.builtinServer(dataDir, Optional.of(tls.files()), List.of("https://app.example.com"));
        client = tls.client();
        host = "127.0.0.1:" + api.port();
        baseUrl = "https://" + host;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            System.setErr(originalErr);
        }
        String captured = logs.toString(StandardCharsets.UTF_8);
        // The logs checked below are the server's: its start, whichever of the tests ran.
        assertThat(captured).contains("DataApi - Serving ");
        for (String secret : secrets) {
            assertThat(captured).as("the logs").doesNotContain(secret);
            for (String body : bodies) {
                assertThat(body).as("a response body").doesNotContain(secret);
            }
        }
    }

    @Test
    void patToTokenToEndpointAsTheQuickstartDoesIt() throws Exception {
        HttpResponse<String> exchanged = exchange(client, baseUrl, pat, "session:scope:APIROLE " + host, "*/*");
        assertThat(exchanged.statusCode()).isEqualTo(200);
        assertThat(exchanged.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(exchanged.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(String.join(", ", exchanged.headers().allValues("Vary")).split(",\\s*")).contains("Accept", "Accept-Encoding");
        String token = remember(exchanged.body());
        assertThat(token.split("\\.")).hasSize(3);
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"ES256\"");

        HttpResponse<String> snowflake = call(TOP10, snowflakeToken(token));
        assertThat(snowflake.statusCode()).isEqualTo(200);
        assertThat(snowflake.body()).startsWith("[{\"O_CUSTKEY\":");
        HttpResponse<String> bearer = call(TOP10, "Bearer " + token);
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body()).isEqualTo(snowflake.body());

        Run list = AuthTestSupport.admin(store, "pat", "list", "apiuser");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("TESTER", "APIROLE", "active").doesNotContain(pat).doesNotContain(PatSecrets.hash(pat));
        assertThat(list.out().lines().filter(line -> line.startsWith("TESTER")).findFirst().orElseThrow()).doesNotContain("never");
    }

    @Test
    void theRolePartOfTheScopeIsOptionalAndJsonIsOfferedOnRequest() throws Exception {
        HttpResponse<String> exchanged = exchange(client, baseUrl, pat, host, "application/json");
        assertThat(exchanged.statusCode()).isEqualTo(200);
        assertThat(exchanged.body()).contains("\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"",
                "\"token_type\":\"Bearer\"", "\"expires_in\":3600");
        String token = remember(exchanged.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1"));
        assertThat(call(TOP10, snowflakeToken(token)).statusCode()).isEqualTo(200);
    }

    @Test
    void missingMalformedTamperedAndForeignCredentialsAre401sWithDistinctMessages() throws Exception {
        String token = token(pat, "session:scope:APIROLE " + host);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("APIUSER", "ADMINUSR");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String foreign = token(pat, "session:scope:APIROLE elsewhere.example.com");

        assertRefused(call(TOP10), 401, "Authentication required");
        assertRefused(call(TOP10, "Basic dXNlcjpwYXNz"), 401, "Authorization header must be");
        assertRefused(call(TOP10, snowflakeToken("not-a-jwt")), 401, "The token is malformed.");
        assertRefused(call(TOP10, "Bearer \"" + token + "\""), 401, "The token is malformed.");
        assertRefused(call(TOP10, snowflakeToken(tampered)), 401, "The token's signature is not valid.");
        assertRefused(call(TOP10, "Bearer " + foreign), 401, "The token was issued for another host.");
        // A valid token beside another credential: which one was meant is unknown, so neither is taken.
        assertRefused(get(client, baseUrl + TOP10, "Authorization", "Bearer " + token, "Authorization", "Basic dXNlcjpwYXNz"),
                401, "The request has more than one Authorization header; send one.");
        assertThat(call(TOP10).headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"dataapi\"");
        assertRefused(call("/test/endpoints.json"), 401, "Authentication required");
    }

    @Test
    void aRoleOnlyGetsItsGrantsAndAPatOnlyItsRole() throws Exception {
        String token = token(pat, "session:scope:APIROLE " + host);
        assertRefused(call("/snowpark/customers/top10", snowflakeToken(token)), 403, "Role APIROLE is not granted /snowpark/customers/top10");
        assertThat(call("/test/endpoints.json", snowflakeToken(token)).statusCode()).isEqualTo(200);

        adminOk(store, "role", "create", "otherrole");
        adminOk(store, "grant", "role", "otherrole", "--to-user", "apiuser");
        HttpResponse<String> wrongRole = exchange(client, baseUrl, pat, "session:scope:OTHERROLE " + host, "*/*");
        assertThat(wrongRole.statusCode()).isEqualTo(403);
        assertThat(wrongRole.body()).contains("\"error\":\"invalid_scope\"", "restricted to role APIROLE");

        adminOk(store, "grant", "endpoint", "/snowpark/clerk/**", "--to-role", "otherrole");
        adminOk(store, "grant", "endpoint", "/connector/clerk/*/yearly_sales/*", "--to-role", "otherrole");
        String other = secretOf(AuthTestSupport.admin(store, "pat", "add", "apiuser", "other", "--role", "otherrole"));
        String otherToken = token(other, "session:scope:OTHERROLE " + host);
        assertThat(call("/snowpark/clerk/1/yearly_sales/1995", snowflakeToken(otherToken)).statusCode()).isEqualTo(200);
        // The router ignores one trailing slash, and so does the grant; a second is no endpoint's path.
        assertThat(call("/connector/clerk/1/yearly_sales/1995", snowflakeToken(otherToken)).statusCode()).isEqualTo(200);
        assertThat(call("/connector/clerk/1/yearly_sales/1995/", snowflakeToken(otherToken)).statusCode()).isEqualTo(200);
        assertRefused(call("/connector/clerk/1/yearly_sales/1995//", snowflakeToken(otherToken)), 403, "Role OTHERROLE is not granted");
        assertRefused(call(TOP10, snowflakeToken(otherToken)), 403, "Role OTHERROLE is not granted");

        // Dropping the role revokes its PATs: making the role again does not bring them back.
        adminOk(store, "role", "drop", "otherrole");
        assertThat(adminOk(store, "pat", "list", "apiuser").out()).containsPattern("OTHER .* revoked");
        adminOk(store, "role", "create", "otherrole");
        adminOk(store, "grant", "role", "otherrole", "--to-user", "apiuser");
        adminOk(store, "grant", "endpoint", "/snowpark/clerk/**", "--to-role", "otherrole");
        String again = secretOf(AuthTestSupport.admin(store, "pat", "add", "apiuser", "again", "--role", "otherrole"));
        Await.until(() -> exchangeStatus(again, "session:scope:OTHERROLE " + host) == 200, "the server has the role again");
        assertThat(exchangeStatus(other, "session:scope:OTHERROLE " + host)).as("the dropped role's PAT").isEqualTo(401);
    }

    private static int exchangeStatus(String secret, String scope) {
        try {
            HttpResponse<String> exchanged = exchange(client, baseUrl, secret, scope, "*/*");
            remember(exchanged.body());
            return exchanged.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 9110 9.3.2 and 8.6: a HEAD gets its GET's headers, the body's length among them, also when the path takes POST only. */
    @Test
    void aHeadToAPostOnlyPathIsAnsweredAsItsGetIs() throws Exception {
        for (String path : List.of("/oauth/token", "/logout")) {
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(path).isEqualTo(405);
            assertThat(head.statusCode()).as(path).isEqualTo(405);
            assertThat(head.headers().allValues("Allow")).as(path).containsExactly("POST");
            assertThat(head.headers().firstValue("Content-Length")).as(path).hasValue(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void aBodyOverTheLimitSentWithoutALengthIs413NotAServerError() throws Exception {
        // Just over the limit: the server reads what has arrived before it closes, so the client reads the 413. With
        // far more still on its way (64 KiB), the close may reset the connection before the client has read it.
        byte[] body = "a".repeat((int) ServerLimits.MAX_REQUEST_BODY_BYTES + 1024).getBytes(StandardCharsets.US_ASCII);
        for (String path : List.of("/oauth/token", "/login")) {
            // A stream of unknown length goes out chunked, so only reading it finds it too large.
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(413);
            assertThat(response.body()).as(path).isEqualTo("{\"error\":\"Payload Too Large.\"}");
        }
    }

    @Test
    void aMultipartBodyTheServerCannotReadIs400NotAServerError() throws Exception {
        for (String type : List.of("multipart/form-data; boundary=x", "multipart/form-data")) {
            for (String path : List.of("/oauth/token", "/login")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString("garbage"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + " " + type).isEqualTo(400);
                assertThat(response.body()).as(path + " " + type).isEqualTo("{\"error\":\"Bad Request.\"}");
                // The rest of the body is unread: the connection ends, and the client, told so, opens another.
                assertThat(response.headers().firstValue("Connection")).as(path + " " + type).hasValue("close");
            }
        }
    }

    @Test
    void aBodyInACharsetTheServerCannotReadIs415NotAServerError() throws Exception {
        for (String charset : List.of("; charset", "; charset=bogus", "; charset=\"\"")) {
            for (String path : List.of("/oauth/token", "/login")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/x-www-form-urlencoded" + charset)
                        .POST(HttpRequest.BodyPublishers.ofString("user=apiuser&grant_type=x")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + charset).isEqualTo(415);
                assertThat(response.body()).isEqualTo("{\"error\":\"The Content-Type names a charset this server cannot read; send UTF-8.\"}");
            }
        }
        HttpResponse<String> utf8 = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded; Charset=\"UTF-8\"")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(utf8.statusCode()).isEqualTo(400);
        assertThat(utf8.body()).contains("grant_type must be");
        // A page asked for with a body's header but no body is served.
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login?next=%2Ftest"))
                .header("Content-Type", "text/plain; charset").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
    }

    /** The login page is a browser's: a query string it cannot read gets the form, with why, not a JSON error. */
    @Test
    void theLoginPageAnswersAQueryStringItCannotReadWithTheForm() throws Exception {
        for (String query : List.of("%FF=1", "next=%FF", "next=%2Ftest&next=%2Fdocs")) {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login?" + query)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(query).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type")).as(query).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            // The messages as the page escapes them.
            assertThat(page.body()).as(query).contains("<form", "name=\"password\"", "value=\"/test\"").containsAnyOf(
                    QueryString.undecodableName().replace("'", "&#39;"), QueryString.undecodable("next"), QueryString.givenTwice("next"));
        }
    }

    @Test
    void exchangeRequestsAreCheckedFieldByField() throws Exception {
        HttpResponse<String> badGrant = AuthTestSupport.post(client, baseUrl + "/oauth/token",
                Map.of("grant_type", "password", "subject_token", pat, "subject_token_type", "programmatic_access_token", "scope", host), "*/*");
        assertThat(badGrant.statusCode()).isEqualTo(400);
        assertThat(badGrant.body()).as("RFC 6749 5.2").contains("\"error\":\"unsupported_grant_type\"", "grant_type must be");
        remember(badGrant.body());
        // Absent, or without a value, which RFC 6749 3.1 takes as absent: a malformed request, not another grant.
        HttpResponse<String> noGrant = AuthTestSupport.post(client, baseUrl + "/oauth/token",
                Map.of("subject_token", pat, "subject_token_type", "programmatic_access_token", "scope", host), "*/*");
        HttpResponse<String> emptyGrant = AuthTestSupport.post(client, baseUrl + "/oauth/token",
                Map.of("grant_type", "", "subject_token", pat, "subject_token_type", "programmatic_access_token", "scope", host), "*/*");
        for (HttpResponse<String> malformed : List.of(noGrant, emptyGrant)) {
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("\"error\":\"invalid_request\"", "grant_type must be");
        }
        HttpResponse<String> twoTokens = AuthTestSupport.post(client, baseUrl + "/oauth/token", List.of(
                Map.entry("grant_type", TokenExchange.GRANT_TYPE), Map.entry("subject_token", pat), Map.entry("subject_token", pat),
                Map.entry("subject_token_type", "programmatic_access_token"), Map.entry("scope", host)), "*/*");
        assertThat(twoTokens.statusCode()).isEqualTo(400);
        assertThat(twoTokens.body()).contains("\"error\":\"invalid_request\"", "subject_token was given more than once.");
        HttpResponse<String> noHost = exchange(client, baseUrl, pat, "session:scope:APIROLE", "*/*");
        assertThat(noHost.statusCode()).isEqualTo(400);
        assertThat(noHost.body()).contains("scope must name the endpoint host");
        for (String notAHost : List.of("https://" + host, host + "/connector", "user@" + host, "<script>", "a".repeat(300))) {
            HttpResponse<String> unusable = exchange(client, baseUrl, pat, "session:scope:APIROLE " + notAHost, "*/*");
            assertThat(unusable.statusCode()).as(notAHost).isEqualTo(400);
            assertThat(unusable.body()).as(notAHost).contains("\"error\":\"invalid_request\"", "scope's host must be the API's host");
        }
        for (String named : List.of("[::1]:8443", "api.example.com", "my_service:8001")) {
            assertThat(exchange(client, baseUrl, pat, "session:scope:APIROLE " + named, "*/*").statusCode()).as(named).isEqualTo(200);
        }
        HttpResponse<String> unknown = exchange(client, baseUrl, "dataapi_pat_" + "A".repeat(43), host, "*/*");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("\"error\":\"invalid_grant\"", "The PAT is not valid.");
    }

    @Test
    void expiredTokensAndExpiredPatsAreRefusedAsExpired() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        Clock twentyDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(20)), ZoneOffset.UTC);
        String expiredToken;
        String expiredPat;
        // Another process sharing the store, with its clock in the past: what it makes has expired by now.
        try (FileAuthStore shared = new FileAuthStore(work.resolve("data").resolve("auth"))) {
            expiredToken = new Authenticator(shared, new Passwords(new SecureRandom()), twoHoursAgo)
                    .exchange(TokenExchange.parse(TokenExchange.GRANT_TYPE, pat, TokenExchange.SUBJECT_TOKEN_TYPE, host)).token();
            expiredPat = new AuthAdmin(shared, new Passwords(new SecureRandom()), new PatSecrets(new SecureRandom()), twentyDaysAgo)
                    .addPat("apiuser", "old", "apirole", 15).secret();
        }
        remember(expiredToken);
        secrets.add(expiredPat);
        assertRefused(call(TOP10, snowflakeToken(expiredToken)), 401, "The token has expired.");
        HttpResponse<String> exchanged = exchange(client, baseUrl, expiredPat, host, "*/*");
        assertThat(exchanged.statusCode()).isEqualTo(401);
        assertThat(exchanged.body()).contains("The PAT has expired.");
        assertThat(AuthTestSupport.admin(store, "pat", "list", "apiuser").out()).containsPattern("OLD .* expired");
    }

    @Test
    void revokingAPatEndsTheTokensMadeFromItOnTheRunningServer() throws Exception {
        String revocable = secretOf(AuthTestSupport.admin(store, "pat", "add", "apiuser", "revocable", "--role", "apirole", "--days", "2"));
        String token = token(revocable, "session:scope:APIROLE " + host);
        assertThat(call(TOP10, snowflakeToken(token)).statusCode()).isEqualTo(200);

        adminOk(store, "pat", "revoke", "apiuser", "revocable");
        HttpResponse<String> replayed = eventually(() -> call(TOP10, snowflakeToken(token)), response -> response.statusCode() == 401);
        assertRefused(replayed, 401, "The PAT this token was made from has been revoked.");
        HttpResponse<String> again = exchange(client, baseUrl, revocable, host, "*/*");
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("The PAT has been revoked.");
        assertThat(call(TOP10, snowflakeToken(token(pat, host))).statusCode()).as("other PATs still work").isEqualTo(200);
    }

    @Test
    void aBrowserSessionIsAStrictHttpOnlySecureCookieThatEndsWithLogoutOrAPasswordChange() throws Exception {
        HttpResponse<String> page = get(client, baseUrl + "/test", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2Ftest");
        assertThat(page.body()).as("a redirect has no body").isEmpty();
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).doesNotContain("json"));

        HttpResponse<String> twice = AuthTestSupport.post(client, baseUrl + "/login", List.of(Map.entry("user", "apiuser"),
                Map.entry("password", AuthTestSupport.PASSWORD), Map.entry("user", "someone")), "text/html");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("user was given more than once.");
        assertThat(twice.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> wrong = AuthTestSupport.post(client, baseUrl + "/login", Map.of("user", "apiuser", "password", "not the password"), "text/html");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password.");
        remember(wrong.body());

        HttpResponse<String> login = AuthTestSupport.post(client, baseUrl + "/login",
                Map.of("user", "apiuser", "password", AuthTestSupport.PASSWORD, "next", "/test"), "text/html");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/test");
        assertThat(login.body()).isEmpty();
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("dataapi_session=").contains("HttpOnly", "Secure").containsIgnoringCase("SameSite=Strict");
        String cookie = remember(setCookie.substring(0, setCookie.indexOf(';')));

        assertThat(get(client, baseUrl + "/test", "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(get(client, baseUrl + TOP10, "Cookie", cookie).statusCode()).isEqualTo(200);
        HttpResponse<String> session = get(client, baseUrl + "/session", "Cookie", cookie);
        assertThat(session.body()).isEqualTo("{\"user\":\"APIUSER\",\"role\":\"APIROLE\"}");
        assertThat(session.headers().firstValue("Cache-Control")).hasValue("no-store");

        String other = sessionCookie(AuthTestSupport.post(client, baseUrl + "/login",
                Map.of("user", "apiuser", "password", AuthTestSupport.PASSWORD), "text/html"));
        HttpResponse<String> logout = logout(cookie);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("dataapi_session=;").contains("Expires=Thu, 01 Jan 1970");
        // The session itself has ended, not only the browser's cookie: a copy of it is refused.
        assertRefused(get(client, baseUrl + TOP10, "Cookie", cookie), 401, "This session was ended at logout: log in again.");
        assertThat(get(client, baseUrl + TOP10, "Cookie", other).statusCode()).as("another session of the user").isEqualTo(200);
        assertThat(logout(cookie).statusCode()).as("a second logout").isEqualTo(303);
        assertThat(logout("dataapi_session=not-a-session").statusCode()).isEqualTo(303);

        Path newPassword = work.resolve("new-password.txt");
        Files.writeString(newPassword, "another long password\n");
        secrets.add("another long password");
        adminOk(store, "user", "password", "apiuser", "--password-file", newPassword.toString());
        HttpResponse<String> ended = eventually(() -> get(client, baseUrl + TOP10, "Cookie", other), response -> response.statusCode() == 401);
        assertRefused(ended, 401, "The password changed since this session began");
    }

    private static HttpResponse<String> logout(String cookie) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/logout")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void corsAnswersOnlyTheListedOrigins() throws Exception {
        HttpResponse<String> allowed = preflight("https://app.example.com");
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(methods -> assertThat(methods).contains("GET"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValue("authorization");
        assertThat(allowed.headers().allValues("Vary")).contains("Origin");

        HttpResponse<String> other = preflight("https://evil.example.com");
        assertRefused(other, 403, "This origin may not call the API.");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aCrossOriginCallIsAnsweredAsAnyOtherWithPermissionOnlyForTheListedOrigins() throws Exception {
        String authorization = "Bearer " + token(pat, "session:scope:APIROLE " + host);
        HttpResponse<String> plain = call(TOP10, authorization);
        HttpResponse<String> listed = remembered(get(client, baseUrl + TOP10, "Authorization", authorization, "Origin", "https://app.example.com"));
        HttpResponse<String> unlisted = remembered(get(client, baseUrl + TOP10, "Authorization", authorization, "Origin", "https://evil.example.com"));

        for (HttpResponse<String> answer : List.of(listed, unlisted)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(plain.body());
            // Shared caches must keep an answer per origin and per encoding.
            assertThat(String.join(", ", answer.headers().allValues("Vary"))).contains("Origin").contains("Accept-Encoding");
        }
        assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(listed.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(exposed -> assertThat(exposed).contains("ETag"));
        assertThat(unlisted.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    /** The answers Jetty gives before any route runs vary by origin as every other does, and permit what a 404 permits. */
    @Test
    void aRefusalBeforeAnyRouteCarriesTheCorsHeadersOfA404() throws Exception {
        String origin = "https://app.example.com";
        HttpResponse<String> notFound = remembered(get(client, baseUrl + "/connector/nope",
                "Authorization", "Bearer " + token(pat, "session:scope:APIROLE " + host), "Origin", origin));
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().allValues("Vary")).contains("Origin");
        assertThat(notFound.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        // The body's size, not its reading, is over the limit: Jetty refuses it before routing, its headers read.
        HttpResponse<String> tooLarge = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth/token")).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("a".repeat((int) ServerLimits.MAX_REQUEST_BODY_BYTES + 1024))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        for (String header : List.of("Access-Control-Allow-Origin", "Access-Control-Expose-Headers")) {
            assertThat(tooLarge.headers().firstValue(header)).as(header).isEqualTo(notFound.headers().firstValue(header));
        }
        // A URI or headers too long to read: Jetty never read the Origin, but the answer still varies by it.
        String tooLongToRead = "a".repeat(2 * ServerLimits.MAX_REQUEST_HEADER_BYTES);
        HttpResponse<String> uriTooLong = client.send(HttpRequest.newBuilder(URI.create(baseUrl + TOP10 + "?start_range=" + tooLongToRead))
                .header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> headersTooLarge = client.send(HttpRequest.newBuilder(URI.create(baseUrl + TOP10))
                .header("Origin", origin).header("X-Big", tooLongToRead).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uriTooLong.statusCode()).isEqualTo(414);
        assertThat(headersTooLarge.statusCode()).isEqualTo(431);
        for (HttpResponse<String> refused : List.of(tooLarge, uriTooLong, headersTooLarge)) {
            assertThat(String.join(", ", refused.headers().allValues("Vary"))).as(refused.statusCode() + " " + refused.body())
                    .contains("Origin").contains("Accept-Encoding");
        }
    }

    @Test
    void adminCommandsFailInOneLineAndWriteSecretsPrivately() throws Exception {
        Run missing = AuthTestSupport.admin(store, "grant", "role", "apirole", "--to-user", "nobody");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("dataapi admin grant role: User NOBODY does not exist.");
        Run unknownFamily = AuthTestSupport.admin(store, "grant", "endpoint", "bogus", "--to-role", "apirole");
        assertThat(unknownFamily.exit()).isEqualTo(1);
        assertThat(unknownFamily.err()).contains("'bogus' is neither a family (connector, snowpark)");
        Run dotSegment = AuthTestSupport.admin(store, "grant", "endpoint", "/connector/../snowpark/**", "--to-role", "apirole");
        assertThat(dotSegment.exit()).isEqualTo(1);
        assertThat(dotSegment.err()).contains(". or .. segment");
        Run tooLong = AuthTestSupport.admin(store, "pat", "add", "apiuser", "long", "--role", "apirole", "--days", "365");
        assertThat(tooLong.exit()).as("a wrong flag value").isEqualTo(2);
        assertThat(tooLong.err()).contains("--days", "1 to 90 days");
        Path secretFile = work.resolve("private-token-secret.txt");
        adminOk(store, "pat", "add", "apiuser", "private", "--role", "apirole", "--out", secretFile.toString());
        secrets.add(Files.readString(secretFile).strip());
        assertThat(Files.getPosixFilePermissions(secretFile)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        Run exists = AuthTestSupport.admin(store, "pat", "add", "apiuser", "private2", "--role", "apirole", "--out", secretFile.toString());
        assertThat(exists.exit()).isEqualTo(1);
        assertThat(exists.err()).contains("exists");
        Run unwritable = AuthTestSupport.admin(store, "pat", "add", "apiuser", "orphan", "--role", "apirole",
                "--out", work.resolve("no-such-dir").resolve("orphan-token-secret.txt").toString());
        assertThat(unwritable.exit()).isEqualTo(1);
        assertThat(unwritable.err()).contains("cannot write");
        assertThat(adminOk(store, "pat", "list", "apiuser").out()).as("no PAT whose secret nobody saw").doesNotContain("ORPHAN");
        Run failedAdd = AuthTestSupport.admin(store, "pat", "add", "nobody", "x", "--role", "apirole", "--out", work.resolve("x-token-secret.txt").toString());
        assertThat(failedAdd.exit()).isEqualTo(1);
        assertThat(work.resolve("x-token-secret.txt")).as("the file made for a PAT that was refused").doesNotExist();
        assertThat(Files.getPosixFilePermissions(work.resolve("data").resolve("auth").resolve("auth.json")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(work.resolve("data").resolve("auth").resolve("auth.json"))).doesNotContain(pat).doesNotContain(AuthTestSupport.PASSWORD);
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl + TOP10))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String secret, String scope) throws Exception {
        HttpResponse<String> exchanged = exchange(client, baseUrl, secret, scope, "*/*");
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        return remember(exchanged.body());
    }

    /** The session cookie a successful login sets, as a {@code Cookie} header's value. */
    private static String sessionCookie(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return remember(setCookie.substring(0, setCookie.indexOf(';')));
    }

    private static String secretOf(Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        String secret = run.out().strip();
        assertThat(secret).startsWith("dataapi_pat_");
        secrets.add(secret);
        return secret;
    }

    private static String remember(String secret) {
        secrets.add(secret);
        return secret;
    }

    private static HttpResponse<String> call(String path, String... authorization) throws Exception {
        HttpResponse<String> response = authorization.length == 0
                ? get(client, baseUrl + path)
                : get(client, baseUrl + path, "Authorization", authorization[0]);
        bodies.add(response.body());
        return response;
    }

    private static HttpResponse<String> remembered(HttpResponse<String> response) {
        bodies.add(response.body());
        return response;
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        bodies.add(response.body());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).startsWith("{\"error\":\"").contains(message);
    }

    interface Attempt {
        HttpResponse<String> run() throws Exception;
    }

    /** Retries for a little longer than the store's staleness bound. */
    static HttpResponse<String> eventually(Attempt attempt, java.util.function.Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> response = attempt.run();
        while (!done.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = attempt.run();
        }
        return response;
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
