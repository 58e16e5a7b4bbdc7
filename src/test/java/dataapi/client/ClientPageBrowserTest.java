package dataapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dataapi.AuthTestSupport;
import dataapi.DataApi;
import dataapi.TestBrowser;
import dataapi.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code dataapi client}'s page in headless Chromium, calling a real builtin-mode server over
 * HTTPS: with the PAT found in the folder, with a PAT typed in, and with a bad one.
 */
class ClientPageBrowserTest {
    @TempDir
    static Path work;

    private static DataApi api;
    private static ClientApp withFile;
    private static ClientApp withoutFile;
    private static WebDriver browser;
    private static String pat;
    private static String account;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = work.resolve("data");
        TestTls tls = TestTls.create(work.resolve("tls"));
        pat = AuthTestSupport.quickstartSetUp(List.of("--data-dir", dataDir.toString()), work);
        api = AuthTestSupport.builtinServer(dataDir, Optional.of(tls.files()), List.of(), NumbersEndpoint.declared(work));
        account = "127.0.0.1:" + api.port();
        PatClient client = new PatClient(PatClient.httpClient(Optional.of(tls.files().certificate())));
        withFile = new ClientApp("127.0.0.1", 0, client, work).start();
        withoutFile = new ClientApp("127.0.0.1", 0, client, Files.createDirectories(work.resolve("empty"))).start();
        browser = TestBrowser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        withFile.close();
        withoutFile.close();
        api.close();
    }

    @Test
    void withThePatFoundInTheFolderThePageDoesNotAskForItAndShowsStepsJsonAndRows() throws Exception {
        open(withFile);
        assertThat(browser.findElement(By.id("pat-field")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("pat-found")).getText()).isEqualTo("Using the PAT in apiuser-token-secret.txt.");
        fill("APIROLE", "https://" + account + "/connector/customers/top10");

        List<WebElement> rows = waitForRows();
        assertThat(rows).hasSize(10);
        assertThat(steps()).isEqualTo("Trading PAT for Token...\nGetting data...");
        assertThat(browser.findElement(By.id("result")).getText()).startsWith("[\n  {\n    \"O_CUSTKEY\": ");
        assertThat(browser.findElements(By.cssSelector("#table th")).stream().map(WebElement::getText).toList())
                .containsExactly("O_CUSTKEY", "SUM_TOTALPRICE");
        assertThat(rows.get(0).findElements(By.tagName("td")).get(1).getText()).matches("[0-9]+\\.[0-9]{2}");
        TestBrowser.screenshot(browser, "client-page-rows");
    }

    /** The JSON and the table show each number as the server wrote it: a double in exponent notation, -0.0, a decimal's last zero. */
    @Test
    void numbersAreShownAsTheServerWroteThem() throws Exception {
        open(withFile);
        fill("APIROLE", "https://" + account + NumbersEndpoint.PATH);

        List<WebElement> rows = waitForRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).isEqualTo(NumbersEndpoint.cells());
        assertThat(browser.findElement(By.id("result")).getText()).isEqualTo(NumbersEndpoint.indented());
    }

    @Test
    void aTypedPatWorksAndABadOneShowsTheServersMessage() throws Exception {
        open(withoutFile);
        assertThat(browser.findElement(By.id("pat-field")).isDisplayed()).isTrue();
        browser.findElement(By.id("pat")).sendKeys("dataapi_pat_wrong");
        fill("", "https://" + account + "/connector/clerk/000000001/yearly_sales/1995");
        String error = new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
            String text = driver.findElement(By.id("error")).getText();
            return text.isEmpty() ? null : text;
        });
        assertThat(error).contains("The PAT is not valid.");
        assertThat(steps()).isEqualTo("Trading PAT for Token...");
        TestBrowser.screenshot(browser, "client-page-bad-pat");

        browser.findElement(By.id("pat")).clear();
        browser.findElement(By.id("pat")).sendKeys(pat);
        browser.findElement(By.id("fetch")).click();
        assertThat(waitForRows()).isNotEmpty();
        assertThat(browser.findElement(By.id("result")).getText()).contains("\"O_CLERK\": \"Clerk#000000001\"");
    }

    @Test
    void pagesFromOtherOriginsCannotUseTheLocalPat() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withFile.port() + "/api/token"))
                .header("Origin", "https://evil.example.com")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account_url\":\"" + account + "\",\"url\":\"https://" + account + "/connector/customers/top10\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("ticket");
    }

    @Test
    void aTokenGoesOnlyToTheHostItWasTradedFor() throws Exception {
        HttpResponse<String> traded = post(withFile, "/api/token",
                "{\"account_url\":\"" + account + "\",\"role\":\"APIROLE\",\"url\":\"https://" + account + "/connector/customers/top10\"}");
        assertThat(traded.statusCode()).as(traded.body()).isEqualTo(200);
        String ticket = new ObjectMapper().readTree(traded.body()).get("ticket").asText();

        try (ServerSocket elsewhere = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpResponse<String> refused = post(withFile, "/api/data",
                    "{\"ticket\":\"" + ticket + "\",\"url\":\"https://127.0.0.1:" + elsewhere.getLocalPort() + "/connector/customers/top10\"}");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("The token was traded for https://" + account);
            elsewhere.setSoTimeout(500);
            assertThatThrownBy(elsewhere::accept).as("nothing reached the other host").isInstanceOf(SocketTimeoutException.class);
        }
        HttpResponse<String> served = post(withFile, "/api/data",
                "{\"ticket\":\"" + ticket + "\",\"url\":\"https://" + account + "/connector/customers/top10\"}");
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotJsonAndAnUnknownPathGetJsonErrors() throws Exception {
        HttpResponse<String> notJson = post(withFile, "/api/token", "not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).isEqualTo("{\"error\":\"The request body is not JSON.\",\"kind\":\"USAGE\"}");
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withFile.port() + "/nothere"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void aKnownPathAskedWithAnotherMethodIsA405ThatSaysWhichItTakes() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withFile.port() + "/api/token"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(method).isEqualTo(405);
            // The route was declared for POST alone.
            assertThat(answer.headers().allValues("Allow")).as(method).containsExactly("POST");
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(answer.body()).as(method).isEqualTo("{\"error\":\"Method " + method + " is not allowed here.\",\"kind\":\"METHOD_NOT_ALLOWED\"}");
        }
    }

    @Test
    void withNoPatTypedOrFoundThePageIsAskedForOne() throws Exception {
        HttpResponse<String> answer = post(withoutFile, "/api/token",
                "{\"account_url\":\"" + account + "\",\"url\":\"https://" + account + "/connector/customers/top10\"}");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).startsWith("{\"error\":\"no PAT: fill in the PAT, or put a file named *-token-secret.txt in ")
                .endsWith("\",\"kind\":\"NO_PAT\"}").doesNotContain("--pat");
    }

    /**
     * A URL's field that holds the PAT, typed in or found in the folder, is refused before anything is looked up or sent, and
     * the answer does not repeat it: nothing reaches the host the other field names, which listens.
     */
    @Test
    void aUrlsFieldThatHoldsThePatIsRefusedBeforeAnyCall() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String host = "127.0.0.1:" + listening.getLocalPort();
            String url = "https://" + host + "/connector/customers/top10";
            Map<ObjectNode, String> forms = Map.of(
                    json.createObjectNode().put("account_url", pat).put("url", url).put("pat", pat), "Account URL",
                    json.createObjectNode().put("account_url", pat.replace('_', '-') + ".snowflakecomputing.com").put("url", url), "Account URL",
                    json.createObjectNode().put("account_url", host).put("url", "https://" + pat + "/connector/customers/top10").put("pat", pat), "Request URL",
                    json.createObjectNode().put("account_url", host).put("url", url + "?pat=" + pat), "Request URL");
            for (Map.Entry<ObjectNode, String> form : forms.entrySet()) {
                ClientApp app = form.getKey().has("pat") ? withoutFile : withFile;
                HttpResponse<String> answer = post(app, "/api/token", form.getKey().toString());
                assertThat(answer.statusCode()).as(form.getValue()).isEqualTo(400);
                assertThat(answer.body()).as(form.getValue()).isEqualTo(json.createObjectNode()
                        .put("error", form.getValue() + " holds the PAT, which goes in no URL: fill in the PAT, or put it in a file named *-token-secret.txt")
                        .put("kind", "USAGE").toString());
            }
            listening.setSoTimeout(500);
            assertThatThrownBy(listening::accept).as("nothing reached the host").isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static HttpResponse<String> post(ClientApp app, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void open(ClientApp app) {
        browser.get("http://127.0.0.1:" + app.port() + "/");
        // The page wires the button once it has loaded its configuration.
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static void fill(String role, String url) {
        browser.findElement(By.id("account_url")).sendKeys(account);
        browser.findElement(By.id("role")).sendKeys(role);
        browser.findElement(By.id("url")).sendKeys(url);
        browser.findElement(By.id("fetch")).click();
    }

    private static List<WebElement> waitForRows() {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("#table tbody tr"));
            return rows.isEmpty() || !driver.findElement(By.id("table")).isDisplayed() ? null : rows;
        });
    }

    private static String steps() {
        return browser.findElement(By.id("steps")).getText().strip();
    }
}
