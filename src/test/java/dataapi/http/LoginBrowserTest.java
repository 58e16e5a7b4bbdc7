package dataapi.http;

import dataapi.AuthTestSupport;
import dataapi.DataApi;
import dataapi.OrdersOracle;
import dataapi.TestBrowser;
import dataapi.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login page, the session cookie, the test page behind it and logout, and the way back to the
 * page first asked for, in headless Chromium.
 */
class LoginBrowserTest {
    @TempDir
    static Path work;

    private static DataApi api;
    private static WebDriver browser;
    private static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = work.resolve("data");
        AuthTestSupport.quickstartSetUp(List.of("--data-dir", dataDir.toString()), work);
        api = AuthTestSupport.builtinServer(dataDir, Optional.empty(), List.of());
        baseUrl = "http://127.0.0.1:" + api.port();
        browser = TestBrowser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        api.close();
    }

    @Test
    void logInUseTheTestPageAndLogOut() throws Exception {
        browser.get(baseUrl + "/test");
        waitFor(By.id("login"));
        assertThat(browser.getCurrentUrl()).isEqualTo(baseUrl + "/login?next=%2Ftest");

        logIn("apiuser", "a wrong password");
        // The login page always has the message element, empty at first: wait for the refused form's page to show it.
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("message"), "Wrong user name or password."));
        TestBrowser.screenshot(browser, "login-refused");

        logIn("apiuser", AuthTestSupport.PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("signed-in"), "Signed in as APIUSER (APIROLE)"));
        assertThat(browser.getCurrentUrl()).isEqualTo(baseUrl + "/test");
        Cookie session = browser.manage().getCookieNamed("dataapi_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        browser.findElement(By.cssSelector("input[name=family][value=connector]")).click();
        browser.findElement(By.id("form-customers_top10")).findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> driver.findElement(By.id("table-box")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#table tbody tr"))).hasSize(10);
        assertThat(browser.findElement(By.cssSelector("#table thead")).getText()).contains("O_CUSTKEY");
        // Outside the browser the session's cookie is no use: the command to copy asks for a token.
        assertThat(browser.findElement(By.id("curl")).getText())
                .isEqualTo("curl -sS -H \"Authorization: Bearer $TOKEN\" '" + browser.findElement(By.id("request-url")).getText() + "'");
        TestBrowser.screenshot(browser, "login-test-page");

        browser.findElement(By.id("logout")).click();
        waitFor(By.id("login"));
        assertThat(browser.manage().getCookieNamed("dataapi_session")).isNull();
        browser.get(baseUrl + "/test");
        waitFor(By.id("login"));
        assertThat(browser.getCurrentUrl()).startsWith(baseUrl + "/login");
    }

    @Test
    void afterTheLoginTheBrowserGetsThePageItAskedForWithItsParameters() throws Exception {
        browser.get(baseUrl + "/login");
        browser.manage().deleteAllCookies();
        String asked = baseUrl + "/connector/customers/top10?start_range=1995-02-01&end_range=1995-02-14";
        browser.get(asked);
        waitFor(By.id("login"));

        logIn("apiuser", AuthTestSupport.PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlToBe(asked));
        OrdersOracle oracle = new OrdersOracle(TestData.SCALE.asDouble());
        String expected = OrdersOracle.json(oracle.top10(LocalDate.of(1995, 2, 1), LocalDate.of(1995, 2, 14)));
        String defaultRange = OrdersOracle.json(oracle.top10(LocalDate.of(1995, 1, 1), LocalDate.of(1995, 3, 31)));
        assertThat(expected).as("the range asked for has an answer of its own").isNotEqualTo(defaultRange);
        assertThat(waitFor(By.tagName("pre")).getText()).isEqualTo(expected);
    }

    private static void logIn(String user, String password) {
        browser.findElement(By.name("user")).clear();
        browser.findElement(By.name("user")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private static org.openqa.selenium.WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }
}
