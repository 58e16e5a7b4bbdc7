package dataapi.http;

import dataapi.Http;
import dataapi.RunningApi;
import dataapi.StandardError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of API.md that are not about report values: root, 404, 405, 500, 503, content types, the test page. */
class HttpContractTest {
    @RegisterExtension
    static final RunningApi api = new RunningApi();

    @Test
    void rootSaysNothingToSee() throws Exception {
        HttpResponse<String> response = Http.get(api.port(), "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"result\":\"Nothing to see here\"}");
        assertThat(response.headers().firstValue("ETag")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nothing", "/connector", "/snowpark/", "/connector/customers/top10/extra", "/SNOWPARK/customers/top10", "/..%2f"})
    void unknownPathsAreJson404s(String path) throws Exception {
        HttpResponse<String> response = Http.get(api.port(), path);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"error\":\"Not found!\"}");
    }

    /** An encoded letter or digit names the letter or digit (RFC 3986 6.2.2.2); an encoded slash or dot is not decoded. */
    @Test
    void aPathWithEncodedLettersOrDigitsIsThePathTheyName() throws Exception {
        String top10 = "/connector/customers/top10?start_range=1995-01-01&end_range=1995-01-31";
        HttpResponse<String> plain = Http.get(api.port(), top10);
        assertThat(plain.statusCode()).isEqualTo(200);
        for (String path : List.of("/connector/customers/top%310?start_range=1995-01-01&end_range=1995-01-31",
                "/%63onnector/%63ustomers/%74op10?start_range=1995-01-01&end_range=1995-01-31")) {
            HttpResponse<String> encoded = Http.get(api.port(), path);
            assertThat(encoded.statusCode()).as(path).isEqualTo(200);
            assertThat(encoded.body()).as(path).isEqualTo(plain.body());
        }
        assertThat(Http.get(api.port(), "/connector/clerk/%30%30%30000002/yearly_sales/1995").body())
                .isEqualTo(Http.get(api.port(), "/connector/clerk/000000002/yearly_sales/1995").body());
        for (String path : List.of("/connector%2Fcustomers/top10", "/connector/customers%2Etop10", "/connector/customers/%2e%2e/customers/top10")) {
            assertThat(Http.get(api.port(), path).statusCode()).as(path).isIn(400, 404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void otherMethodsOnKnownPathsAreJson405s(String method) throws Exception {
        for (String path : List.of("/connector/customers/top10", "/snowpark/clerk/1/yearly_sales/1995", "/")) {
            HttpResponse<String> response = Http.send(api.port(), method, path);
            assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).startsWith("{\"error\":\"");
        }
    }

    @Test
    void theTestPageOffersBothFamiliesAndBothForms() throws Exception {
        HttpResponse<String> page = Http.get(api.port(), "/test");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        assertThat(page.body()).contains("Clear Results", "/test/test.js");

        String script = Http.get(api.port(), "/test/test.js").body();
        assertThat(script).contains("Getting Data", "textContent").doesNotContain("innerHTML");

        String catalog = Http.get(api.port(), "/test/endpoints.json").body();
        assertThat(catalog).contains("\"families\":[\"connector\",\"snowpark\"]", "\"title\":\"Top 10 Customers\"",
                "\"title\":\"Monthly Clerk Sales\"", "\"name\":\"start_range\"", "\"default\":\"1995-01-01\"",
                "\"default\":\"1995-03-31\"", "\"name\":\"clerk_id\"", "\"name\":\"year\"");
    }

    @Test
    void aFailedQueryIs500WithoutSqlButTheLogHasTheCause() throws Exception {
        try (TestServer server = TestServer.start("no_such_orders", 4, Duration.ofSeconds(5))) {
            String logged = StandardError.during(() -> {
                for (String path : List.of("/connector/customers/top10", "/snowpark/clerk/1/yearly_sales/1995")) {
                    HttpResponse<String> response = Http.get(server.port(), path);
                    assertThat(response.statusCode()).isEqualTo(500);
                    assertThat(response.body()).isEqualTo("{\"error\":\"Error reading from the warehouse. Check the logs for details.\"}");
                }
            });
            assertThat(logged).contains("no_such_orders");
        }
    }

    @Test
    void noConnectionWithinTheWaitIs503WithRetryAfter() throws Exception {
        try (TestServer server = TestServer.start("orders", 1, Duration.ofMillis(250))) {
            try (Connection busy = server.warehouse.connection()) {
                HttpResponse<String> response = Http.get(server.port(), "/connector/customers/top10");
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(response.body()).startsWith("{\"error\":\"");
            }
            assertThat(Http.get(server.port(), "/connector/customers/top10").statusCode()).isEqualTo(200);
        }
    }
}
