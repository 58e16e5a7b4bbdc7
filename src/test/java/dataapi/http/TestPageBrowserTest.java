package dataapi.http;

import dataapi.ExpectedText;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.OrdersOracle.CustomerTotal;
import dataapi.OrdersOracle.MonthTotal;
import dataapi.OrdersOracle.PriorityTotal;
import dataapi.RunningApi;
import dataapi.TestBrowser;
import dataapi.TestData;
import dataapi.declared.EndpointsFile;
import dataapi.declared.SqlEndpoint;
import io.trino.tpch.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The /test console and /docs in headless Chromium: every form of both families gives its rows as a
 * table and a drawn chart, the exact URL and curl command, the raw body; a 400 shows the API's
 * message beside its input, and a path value the browser would resolve away is refused there
 * unsent; the page fits a phone's width; no Content-Security-Policy violation.
 */
class TestPageBrowserTest {
    private static final Dimension WIDE = new Dimension(1280, 900);
    private static final Dimension NARROW = new Dimension(390, 844);
    private static final String BAR_COLOUR = "61,107,196";

    @RegisterExtension
    static final RunningApi api = new RunningApi(declaredEndpoints());
    private static WebDriver browser;
    private static OrdersOracle oracle;

    /**
     * The shipped examples, endpoints with a string, a decimal and a timestamp parameter, which they have none of, one of
     * a boolean, a timestamp and a double column, one with an optional parameter, and one whose parameters have the names
     * of a form's own members.
     */
    private static List<SqlEndpoint> declaredEndpoints() {
        try {
            Path file = Files.createTempFile("text-length", ".json");
            try {
                Files.writeString(file, """
                        {"endpoints": [{"id": "text_length", "title": "Text Length", "path": "/text/length",
                          "parameters": [{"name": "text", "type": "string", "example": "text", "description": "Any text."}],
                          "sql": "SELECT length(CAST(:text AS VARCHAR)) AS length", "columns": [{"name": "LENGTH", "type": "integer"}]},
                         {"id": "orders_above", "title": "Orders Above", "path": "/orders/above",
                          "parameters": [{"name": "min_price", "type": "decimal", "example": "1000.50"}],
                          "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_totalprice > :min_price", "columns": [{"name": "N", "type": "integer"}]},
                         {"id": "orders_since", "title": "Orders Since", "path": "/orders/since",
                          "parameters": [{"name": "since", "type": "timestamp", "example": "1998-08-01T00:00:00"}],
                          "sql": "SELECT COUNT(*) AS n FROM orders WHERE CAST(o_orderdate AS TIMESTAMP) >= :since", "columns": [{"name": "N", "type": "integer"}]},
                         {"id": "by_status", "title": "Orders by Status", "path": "/orders/by_status", "parameters": [],
                          "sql": "SELECT o_orderstatus = 'F' AS fulfilled, MAX(CAST(o_orderdate AS TIMESTAMP)) AS latest, o_orderstatus, CAST(COUNT(*) AS DOUBLE) / 100 AS hundreds FROM orders GROUP BY o_orderstatus ORDER BY o_orderstatus",
                          "columns": [{"name": "FULFILLED", "type": "boolean"}, {"name": "LATEST", "type": "timestamp"},
                                      {"name": "O_ORDERSTATUS", "type": "string"}, {"name": "HUNDREDS", "type": "double"}]},
                         {"id": "orders_of", "title": "Orders of a Status", "path": "/orders/of",
                          "parameters": [{"name": "status", "type": "string", "required": false, "example": "F", "description": "Only orders of this status."}],
                          "sql": "SELECT o_orderstatus, COUNT(*) AS n FROM orders WHERE CAST(:status AS VARCHAR) IS NULL OR o_orderstatus = :status GROUP BY o_orderstatus ORDER BY o_orderstatus",
                          "columns": [{"name": "O_ORDERSTATUS", "type": "string"}, {"name": "N", "type": "integer"}]},
                         {"id": "form_names", "title": "Names a Form Has", "path": "/form/names",
                          "parameters": [{"name": "length", "type": "integer", "example": "3"}, {"name": "item", "type": "string", "example": "x"}],
                          "sql": "SELECT CAST(:length AS INTEGER) * 2 AS doubled, length(CAST(:item AS VARCHAR)) AS item_length",
                          "columns": [{"name": "DOUBLED", "type": "integer"}, {"name": "ITEM_LENGTH", "type": "integer"}]},
                         {"id": "exact_numbers", "title": "Exact Numbers", "path": "/numbers/exact", "parameters": [],
                          "sql": "SELECT 'say \\"12.50\\" \\\\ 3' AS note, CAST(12.50 AS DECIMAL(10, 2)) AS price, CAST(9007199254740993 AS BIGINT) AS big, CAST(12345678901234567.89 AS DECIMAL(20, 2)) AS total",
                          "columns": [{"name": "NOTE", "type": "string"}, {"name": "PRICE", "type": "decimal"}, {"name": "BIG", "type": "integer"},
                                      {"name": "TOTAL", "type": "money"}]}]}""");
                List<SqlEndpoint> endpoints = new ArrayList<>(EndpointsFile.read(Path.of("examples", "endpoints.json")));
                endpoints.addAll(EndpointsFile.read(file));
                return endpoints;
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        browser = TestBrowser.start();
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void wideWindow() {
        browser.manage().window().setSize(WIDE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"connector", "snowpark"})
    void topCustomersAsTableChartAndRawJson(String family) throws Exception {
        open(family);
        submit("form-customers_top10");

        List<CustomerTotal> expected = oracle.top10(LocalDate.of(1995, 1, 1), LocalDate.of(1995, 3, 31));
        assertThat(tableRows()).isEqualTo(expected.stream().map(row -> List.of(Long.toString(row.custKey()), OrdersOracle.money(row.cents()))).toList());
        assertChart(expected.stream().map(row -> Long.toString(row.custKey())).toList(), expected.stream().map(CustomerTotal::cents).toList());

        String path = "/" + family + "/customers/top10?start_range=1995-01-01&end_range=1995-03-31";
        assertThat(text("request-url")).isEqualTo(base() + path);
        assertThat(text("curl")).isEqualTo("curl -sS '" + base() + path + "'");
        assertThat(text("status")).matches("200 OK · [0-9]+ ms · (query [0-9.]+ ms|from the cache) · 10 rows");
        TestBrowser.screenshot(browser, "test-console-top10-" + family);
        browser.findElement(By.id("copy-curl")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(driver -> List.of("Copied", "Selected").contains(text("copy-curl")));
        browser.findElement(By.cssSelector("#raw summary")).click();
        assertThat(text("output")).isEqualTo(Http.get(api.port(), path).body());
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"connector", "snowpark"})
    void monthlyClerkSalesAsTableAndChart(String family) throws Exception {
        open(family);
        type("clerk_yearly_sales-clerk_id", "1");
        type("clerk_yearly_sales-year", "1996");
        submit("form-clerk_yearly_sales");

        List<MonthTotal> expected = oracle.clerkMonths("Clerk#000000001", 1996);
        assertThat(expected).isNotEmpty();
        assertThat(tableRows()).isEqualTo(expected.stream()
                .map(row -> List.of(row.clerk(), Integer.toString(row.month()), OrdersOracle.money(row.cents()))).toList());
        assertChart(expected.stream().map(row -> Integer.toString(row.month())).toList(), expected.stream().map(MonthTotal::cents).toList());
        assertThat(text("request-url")).isEqualTo(base() + "/" + family + "/clerk/1/yearly_sales/1996");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
        TestBrowser.screenshot(browser, "test-console-clerk-" + family);
    }

    /** An endpoint declared with SQL alone has a form under the connector family only, with its table and chart. */
    @Test
    void aDeclaredEndpointHasItsFormUnderTheConnectorFamilyOnly() throws Exception {
        open("snowpark");
        assertThat(browser.findElement(By.id("form-orders_by_priority")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("form-customers_top10")).isDisplayed()).isTrue();
        browser.findElement(By.cssSelector("input[name=family][value=connector]")).click();
        assertThat(browser.findElement(By.id("form-orders_by_priority")).isDisplayed()).isTrue();
        submit("form-orders_by_priority");

        List<PriorityTotal> expected = oracle.byPriority(LocalDate.of(1995, 1, 1), LocalDate.of(1995, 3, 31));
        assertThat(tableRows()).isEqualTo(expected.stream()
                .map(row -> List.of(row.priority(), OrdersOracle.money(row.cents()), Long.toString(row.orders()))).toList());
        assertChart(expected.stream().map(PriorityTotal::priority).toList(), expected.stream().map(PriorityTotal::cents).toList());
        assertThat(text("request-url")).isEqualTo(base() + "/connector/orders/by_priority?start_range=1995-01-01&end_range=1995-03-31");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    /**
     * A boolean is shown as true or false, a timestamp as its text, a double as its number, aligned right
     * as the other numbers are, and the measure of the chart when no money or decimal column comes after it.
     */
    @Test
    void booleansTimestampsAndDoublesAsTableAndChart() throws Exception {
        open("connector");
        submit("form-by_status");

        Map<Character, List<Order>> byStatus = new TreeMap<>(oracle.orders().stream().collect(Collectors.groupingBy(Order::getOrderStatus)));
        assertThat(byStatus).hasSizeGreaterThan(1);
        assertThat(tableRows()).isEqualTo(byStatus.entrySet().stream().map(status -> List.of(Boolean.toString(status.getKey() == 'F'),
                ExpectedText.timestamp(LocalDate.ofEpochDay(status.getValue().stream().mapToInt(Order::getOrderDate).max().orElseThrow()).atStartOfDay()),
                status.getKey().toString(), BigDecimal.valueOf(status.getValue().size(), 2).stripTrailingZeros().toPlainString())).toList());
        assertChart(byStatus.keySet().stream().map(String::valueOf).toList(),
                byStatus.values().stream().map(orders -> (long) orders.size()).toList());
        List<WebElement> first = browser.findElements(By.cssSelector("#table tbody tr:first-child td"));
        assertThat(first.stream().map(cell -> cell.getCssValue("text-align")).toList()).containsExactly("left", "left", "left", "right");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    /**
     * Numbers are shown as the server wrote them, where JavaScript's own reading would change them: a decimal's trailing
     * zero, an integer past 2^53, money past a double's digits; digits and quotes in a string stay as they are.
     */
    @Test
    void numbersAreShownAsTheServerWroteThem() throws Exception {
        assertThat(Http.get(api.port(), "/connector/numbers/exact").body())
                .isEqualTo("[{\"NOTE\":\"say \\\"12.50\\\" \\\\ 3\",\"PRICE\":12.50,\"BIG\":9007199254740993,\"TOTAL\":12345678901234567.89}]");
        open("connector");
        submit("form-exact_numbers");

        assertThat(tableRows()).containsExactly(List.of("say \"12.50\" \\ 3", "12.50", "9007199254740993", "12345678901234567.89"));
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    /** Spaces around a date are a slip and are dropped; in a string they can be the value, which is sent as typed. */
    @Test
    void aStringIsSentAsTypedAndADateWithoutTheSpacesAroundIt() throws Exception {
        String text = "  two words ";
        open("connector");
        type("text_length-text", text);
        submit("form-text_length");

        assertThat(tableRows()).containsExactly(List.of(Integer.toString(text.length())));
        assertThat(text("request-url")).isEqualTo(base() + "/connector/text/length?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));

        open("connector");
        type("customers_top10-start_range", " 1995-02-01 ");
        submit("form-customers_top10");

        assertThat(tableRows()).hasSize(10);
        assertThat(text("request-url")).isEqualTo(base() + "/connector/customers/top10?start_range=1995-02-01&end_range=1995-03-31");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    /** A decimal is typed as text with the phone's decimal keyboard, and spaces around it are dropped as a slip. */
    @Test
    void aDecimalIsTextWithADecimalKeyboardAndSentWithoutTheSpacesAroundIt() throws Exception {
        open("connector");
        assertThat(input("orders_above-min_price").getAttribute("type")).isEqualTo("text");
        assertThat(input("orders_above-min_price").getAttribute("inputmode")).isEqualTo("decimal");
        type("orders_above-min_price", " 1000.505 ");
        submit("form-orders_above");

        long above = oracle.orders().stream().filter(order -> BigDecimal.valueOf(order.getTotalPriceInCents(), 2)
                .compareTo(new BigDecimal("1000.505")) > 0).count();
        assertThat(tableRows()).containsExactly(List.of(Long.toString(above)));
        assertThat(text("request-url")).isEqualTo(base() + "/connector/orders/above?min_price=1000.505");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    /** A time is typed as text, its example the placeholder, and spaces around it are dropped as a slip. */
    @Test
    void aTimeIsTextWithItsExampleAsPlaceholderAndSentWithoutTheSpacesAroundIt() throws Exception {
        open("connector");
        assertThat(input("orders_since-since").getAttribute("type")).isEqualTo("text");
        assertThat(input("orders_since-since").getAttribute("placeholder")).isEqualTo("1998-08-01T00:00:00");
        type("orders_since-since", " 1998-08-01T00:00:00.5 ");
        submit("form-orders_since");

        // Half a second past midnight: the orders of the days after.
        long since = oracle.orders().stream().filter(order -> LocalDate.ofEpochDay(order.getOrderDate()).isAfter(LocalDate.of(1998, 8, 1))).count();
        assertThat(tableRows()).containsExactly(List.of(Long.toString(since)));
        assertThat(text("request-url")).isEqualTo(base() + "/connector/orders/since?since=1998-08-01T00%3A00%3A00.5");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    /**
     * An optional parameter's input starts empty, its example the placeholder and its help saying so; left empty, it is
     * left out of the request, which the API answers without it.
     */
    @Test
    void anOptionalParameterStartsEmptyAndIsLeftOutOfTheRequestWhileEmpty() throws Exception {
        Map<Character, Long> byStatus = new TreeMap<>(oracle.orders().stream().collect(Collectors.groupingBy(Order::getOrderStatus, Collectors.counting())));
        List<List<String>> everyStatus = byStatus.entrySet().stream().map(status -> List.of(status.getKey().toString(), status.getValue().toString())).toList();
        assertThat(everyStatus).hasSizeGreaterThan(1);
        open("connector");
        assertThat(input("orders_of-status").getDomProperty("value")).isEmpty();
        assertThat(input("orders_of-status").getAttribute("placeholder")).isEqualTo("F");
        assertThat(input("orders_of-status").getDomProperty("required")).isEqualTo("false");
        assertThat(text("orders_of-status-help")).isEqualTo("Only orders of this status. Optional: left empty, it is not sent.");
        submit("form-orders_of");
        assertThat(tableRows()).isEqualTo(everyStatus);
        assertThat(text("request-url")).isEqualTo(base() + "/connector/orders/of");

        type("orders_of-status", "F");
        submit("form-orders_of");
        assertThat(tableRows()).containsExactly(List.of("F", byStatus.get('F').toString()));
        assertThat(text("request-url")).isEqualTo(base() + "/connector/orders/of?status=F");

        type("orders_of-status", "");
        submit("form-orders_of");
        assertThat(tableRows()).isEqualTo(everyStatus);
        assertThat(text("request-url")).isEqualTo(base() + "/connector/orders/of");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
        TestBrowser.screenshot(browser, "test-console-optional");
    }

    /** A parameter may have the name of one of a form's own members: its input's value is sent, and its message shown beside it. */
    @Test
    void parametersNamedAsAFormsOwnMembersAreReadFromTheirInputs() throws Exception {
        open("connector");
        type("form_names-length", "21");
        type("form_names-item", "four");
        submit("form-form_names");
        assertThat(tableRows()).containsExactly(List.of("42", "4"));
        assertThat(text("request-url")).isEqualTo(base() + "/connector/form/names?length=21&item=four");

        type("form_names-length", "many");
        submit("form-form_names");
        assertThat(waitForErrorBeside("form_names-length")).isEqualTo("Parameter length must be an integer.");
        assertThat(input("form_names-length").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
    }

    @Test
    void aBadDateShowsTheApisMessageBesideItsInputAsText() throws Exception {
        open("connector");
        type("customers_top10-start_range", "<img src=x onerror=alert(1)>");
        submit("form-customers_top10");

        assertThat(waitForErrorBeside("customers_top10-start_range")).isEqualTo("Invalid start and/or end dates.");
        assertThat(input("customers_top10-start_range").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(text("status")).startsWith("400 Bad Request");
        assertThat(text("error")).isEqualTo("Invalid start and/or end dates.");
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElement(By.id("table-box")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("chart-box")).isDisplayed()).isFalse();
        TestBrowser.screenshot(browser, "test-console-error");

        browser.findElement(By.id("clear")).click();
        assertThat(browser.findElement(By.id("customers_top10-start_range-error")).isDisplayed()).isFalse();
        assertThat(input("customers_top10-start_range").getAttribute("aria-invalid")).isNull();
        assertThat(text("status")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"connector", "snowpark"})
    void eachClerkInputGetsOnlyItsOwnMessage(String family) {
        open(family);
        type("clerk_yearly_sales-clerk_id", "12a");
        submit("form-clerk_yearly_sales");
        assertThat(waitForErrorBeside("clerk_yearly_sales-clerk_id")).isEqualTo("Clerk ID can only contain numbers.");
        assertThat(browser.findElement(By.id("clerk_yearly_sales-year-error")).isDisplayed()).isFalse();

        type("clerk_yearly_sales-clerk_id", "2");
        type("clerk_yearly_sales-year", "0");
        submit("form-clerk_yearly_sales");
        assertThat(waitForErrorBeside("clerk_yearly_sales-year")).isEqualTo("Invalid year.");
        assertThat(browser.findElement(By.id("clerk_yearly_sales-clerk_id-error")).isDisplayed()).isFalse();
    }

    /** A path value of . or .. would be resolved by the browser into another path: the page refuses it beside its input and calls nothing. */
    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void aDotSegmentInThePathIsRefusedBesideItsInputAndNotSent(String clerk) {
        open("connector");
        type("clerk_yearly_sales-clerk_id", clerk);
        submit("form-clerk_yearly_sales");

        String message = "clerk_id cannot be \"" + clerk + "\" in a URL path: the browser would call another path.";
        assertThat(waitForErrorBeside("clerk_yearly_sales-clerk_id")).isEqualTo(message);
        assertThat(input("clerk_yearly_sales-clerk_id").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(text("error")).isEqualTo(message);
        assertThat(text("status")).isEqualTo("Not sent.");
        assertThat(browser.findElement(By.id("request")).isDisplayed()).isFalse();
        Object called = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(entry => new URL(entry.name).pathname).filter(path => path.startsWith('/connector/'))");
        assertThat((List<?>) called).isEmpty();
    }

    @Test
    void fitsANarrowScreen() throws Exception {
        browser.manage().window().setSize(NARROW);
        open("snowpark");
        TestBrowser.screenshot(browser, "test-console-narrow-forms");
        submit("form-customers_top10");
        assertThat(tableRows()).hasSize(10);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat((Boolean) js.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling").isTrue();
        TestBrowser.screenshot(browser, "test-console-narrow-results");
        assertChart(null, null);
    }

    @Test
    void docsRenderTheOpenApiDescription() throws Exception {
        TestBrowser.consoleProblems(browser);
        browser.get(base() + "/docs");
        List<WebElement> operations = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> {
                    List<WebElement> found = driver.findElements(By.cssSelector(".opblock-summary-path"));
                    return found.size() >= 4 ? found : null;
                });
        assertThat(operations).extracting(WebElement::getText)
                .contains("/connector/customers/top10", "/snowpark/clerk/{clerk_id}/yearly_sales/{year}", "/readyz", "/metrics");
        assertThat(TestBrowser.consoleProblems(browser)).isEmpty();
        TestBrowser.screenshot(browser, "docs");
    }

    private static void open(String family) {
        TestBrowser.consoleProblems(browser);
        browser.get(base() + "/test");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> !driver.findElements(By.cssSelector("input[name=family][value=" + family + "]")).isEmpty());
        browser.findElement(By.cssSelector("input[name=family][value=" + family + "]")).click();
    }

    private static String base() {
        return "http://127.0.0.1:" + api.port();
    }

    private static WebElement input(String id) {
        return browser.findElement(By.id(id));
    }

    private static void type(String inputId, String text) {
        WebElement input = input(inputId);
        input.clear();
        input.sendKeys(text);
    }

    private static void submit(String formId) {
        browser.findElement(By.id(formId)).findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The result table's cells, row by row, once it is shown. */
    private static List<List<String>> tableRows() {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> driver.findElement(By.id("table-box")).isDisplayed());
        return browser.findElements(By.cssSelector("#table tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }

    private static String waitForErrorBeside(String inputId) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> {
            WebElement error = driver.findElement(By.id(inputId + "-error"));
            return error.isDisplayed() && !error.getText().isEmpty() ? error.getText() : null;
        });
    }

    /**
     * The chart Chart.js made on the page's canvas: its bars are labelled and sized as expected
     * (when given), and the canvas holds enough pixels of the bar colour to show they were drawn.
     */
    @SuppressWarnings("unchecked")
    private static void assertChart(List<String> labels, List<Long> cents) {
        Map<String, Object> chart = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const chart = Chart.getChart(document.getElementById('chart'));
                if (!chart) { return null; }
                const canvas = chart.canvas;
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let bars = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i + 3] === 255 && [pixels[i], pixels[i + 1], pixels[i + 2]].join(',') === arguments[0]) { bars++; }
                }
                return { type: chart.config.type, labels: chart.data.labels, values: chart.data.datasets[0].data.map(String), bars };
                """, BAR_COLOUR);
        assertThat(chart).as("a Chart.js chart on #chart").isNotNull();
        assertThat(chart.get("type")).isEqualTo("bar");
        assertThat((Long) chart.get("bars")).as("pixels of drawn bars").isGreaterThan(500);
        if (labels != null) {
            assertThat(chart.get("labels")).isEqualTo(labels);
            assertThat(((List<String>) chart.get("values")).stream().map(value -> new BigDecimal(value).movePointRight(2).longValueExact()).toList())
                    .isEqualTo(cents);
        }
    }
}
