package dataapi.http;

import dataapi.DataApi;
import dataapi.OrdersOracle;
import dataapi.TestBrowser;
import dataapi.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The /test page in headless Chromium: both families, both forms, an error, clearing. */
class TestPageBrowserTest {
    private static DataApi api;
    private static WebDriver browser;
    private static OrdersOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        api = DataApi.start(TestData.serverConfig());
        browser = TestBrowser.start();
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"connector", "snowpark"})
    void topCustomersWithTheDefaults(String family) throws Exception {
        open(family);
        submit("form-customers_top10");

        String output = waitForOutput();
        long best = oracle.top10(LocalDate.of(1995, 1, 1), LocalDate.of(1995, 3, 31)).get(0).custKey();
        assertThat(output).contains("\"O_CUSTKEY\": " + best);
        assertThat(status()).contains("/" + family + "/customers/top10?start_range=1995-01-01&end_range=1995-03-31", "200");
        TestBrowser.screenshot(browser, "test-page-top10-" + family);
    }

    @ParameterizedTest
    @ValueSource(strings = {"connector", "snowpark"})
    void monthlyClerkSales(String family) throws Exception {
        open(family);
        WebElement form = browser.findElement(By.id("form-clerk_yearly_sales"));
        form.findElement(By.name("clerk_id")).sendKeys("000000001");
        form.findElement(By.name("year")).sendKeys("1995");
        submit("form-clerk_yearly_sales");

        String output = waitForOutput();
        assertThat(output).contains("\"O_CLERK\": \"Clerk#000000001\"", "\"MONTH\": " + oracle.clerkMonths("Clerk#000000001", 1995).get(0).month());
        assertThat(status()).contains("/" + family + "/clerk/000000001/yearly_sales/1995");
    }

    @Test
    void anErrorShowsTheApisMessageAsText() throws Exception {
        open("connector");
        WebElement start = browser.findElement(By.id("form-customers_top10")).findElement(By.name("start_range"));
        start.clear();
        start.sendKeys("<img src=x onerror=alert(1)>");
        submit("form-customers_top10");

        assertThat(waitForOutput()).isEqualTo("Invalid start and/or end dates.");
        assertThat(status()).contains("400");
        assertThat(browser.findElements(By.cssSelector("#output img"))).isEmpty();
        TestBrowser.screenshot(browser, "test-page-error");

        browser.findElement(By.id("clear")).click();
        assertThat(browser.findElement(By.id("output")).getText()).isEmpty();
    }

    private static void open(String family) {
        browser.get("http://127.0.0.1:" + api.port() + "/test");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> !driver.findElements(By.cssSelector("input[name=family][value=" + family + "]")).isEmpty());
        browser.findElement(By.cssSelector("input[name=family][value=" + family + "]")).click();
    }

    private static void submit(String formId) {
        browser.findElement(By.id(formId)).findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static String waitForOutput() {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> {
                    String text = driver.findElement(By.id("output")).getText();
                    return text.isEmpty() ? null : text;
                });
    }

    private static String status() {
        return browser.findElement(By.id("status")).getText();
    }
}
