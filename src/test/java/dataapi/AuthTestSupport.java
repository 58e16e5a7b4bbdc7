package dataapi;

import dataapi.config.AccessConfig;
import dataapi.config.AuthMode;
import dataapi.config.AuthStoreConfig;
import dataapi.config.TlsConfig;
import dataapi.config.TrustedProxies;
import dataapi.declared.SqlEndpoint;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The quickstart's set-up done with {@code dataapi admin}, and the PAT flow done as its clients do it. */
public final class AuthTestSupport {
    public static final String PASSWORD = "correct horse battery staple";

    private AuthTestSupport() {
    }

    public record Run(int exit, String out, String err) {
    }

    /** Runs {@code dataapi admin ARGS} in this process, as an operator would while the server runs. */
    public static Run admin(List<String> storeFlags, String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        all.addAll(storeFlags);
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    public static Run adminOk(List<String> storeFlags, String... args) {
        Run run = admin(storeFlags, args);
        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }

    /** APIUSER with a password, APIROLE granted the connector family, and a PAT; returns the PAT's secret. */
    public static String quickstartSetUp(List<String> storeFlags, Path work) throws Exception {
        Path passwordFile = work.resolve("password.txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
        adminOk(storeFlags, "user", "create", "apiuser", "--password-file", passwordFile.toString());
        adminOk(storeFlags, "role", "create", "apirole");
        adminOk(storeFlags, "grant", "role", "apirole", "--to-user", "apiuser");
        adminOk(storeFlags, "grant", "endpoint", "connector", "--to-role", "apirole");
        Path secret = work.resolve("apiuser-token-secret.txt");
        adminOk(storeFlags, "pat", "add", "apiuser", "tester", "--role", "apirole", "--out", secret.toString());
        return Files.readString(secret).strip();
    }

    /** A server in builtin mode over the shared test data, on the file store in {@code dataDir}. */
    public static DataApi builtinServer(Path dataDir, Optional<TlsConfig> tls, List<String> corsOrigins) throws Exception {
        return builtinServer(dataDir, tls, corsOrigins, List.of());
    }

    /** As {@link #builtinServer(Path, Optional, List)}, serving {@code declared} endpoints too. */
    public static DataApi builtinServer(Path dataDir, Optional<TlsConfig> tls, List<String> corsOrigins, List<SqlEndpoint> declared)
            throws Exception {
        return DataApi.start(TestData.serverConfig().withDeclaredEndpoints(declared).withAccess(new AccessConfig(AuthMode.BUILTIN, false,
                AuthStoreConfig.file(dataDir.resolve("auth")), tls, corsOrigins, TrustedProxies.NONE)));
    }

    /** {@code POST /oauth/token} with the quickstart's form fields. */
    public static HttpResponse<String> exchange(HttpClient client, String baseUrl, String pat, String scope, String accept) throws Exception {
        Map<String, String> form = Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", pat,
                "subject_token_type", "programmatic_access_token",
                "scope", scope);
        return post(client, baseUrl + "/oauth/token", form, accept);
    }

    public static HttpResponse<String> post(HttpClient client, String url, Map<String, String> form, String accept) throws Exception {
        return post(client, url, List.copyOf(form.entrySet()), accept);
    }

    /** A form whose fields may repeat. */
    public static HttpResponse<String> post(HttpClient client, String url, List<Map.Entry<String, String>> form, String accept) throws Exception {
        String body = form.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(HttpClient client, String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String snowflakeToken(String token) {
        return "Snowflake Token=\"" + token + "\"";
    }
}
