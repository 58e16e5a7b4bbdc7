package dataapi.http;

import dataapi.Http;
import dataapi.RawHttp;
import dataapi.RunningApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gets the documented 4xx and JSON body, on both families. */
class BadInputTest {
    private static final String[] FAMILIES = {"/connector", "/snowpark"};
    @RegisterExtension
    static final RunningApi api = new RunningApi();

    @ParameterizedTest
    @ValueSource(strings = {"1995-02-30", "95-01-01", "1995-1-1x", "abc", "1995-13-01", "1995-00-10", "1995-01-00",
            "１９９５-01-01", "١٩٩٥-01-01", "1995-01-01' OR '1'='1", "1995-01-01;DROP TABLE orders", "+1995-01-01",
            " 1995-01-01", "1995-01-01 ", "1995/01/01", "01-01-1995", "19950101", "1995-001-01", "2023-02-29",
            "1995-01-01T00:00:00", "null", "%", "\u0000"})
    void badDatesAreRefused(String date) throws Exception {
        for (String parameter : new String[]{"start_range", "end_range"}) {
            assertError("/customers/top10?" + parameter + "=" + query(date), 400, "Invalid start and/or end dates.");
        }
    }

    @Test
    void aVeryLongDateIsRefused() throws Exception {
        assertError("/customers/top10?start_range=" + "1".repeat(4000), 400, "Invalid start and/or end dates.");
    }

    @Test
    void startAfterEndIsRefused() throws Exception {
        assertError("/customers/top10?start_range=1995-03-02&end_range=1995-03-01", 400, "start_range must not be after end_range.");
        assertError("/customers/top10?start_range=1995-04-01", 400, "start_range must not be after end_range.");
    }

    @Test
    void aRepeatedParameterIsRefused() throws Exception {
        assertError("/customers/top10?start_range=1995-01-01&start_range=1995-02-01", 400,
                "Parameter start_range was given more than once.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain; charset=bogus", "text/plain; charset", "text/plain; charset=UTF-16"})
    void aContentTypeOnAGetChangesNothingTheParametersSay(String contentType) throws Exception {
        // The parameters are read as UTF-8 whatever charset the request names; this one has no body.
        for (String family : FAMILIES) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api.port() + family + "/customers/top10?start_range=1995-02-30"))
                    .header("Content-Type", contentType).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(family + " " + contentType).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"Invalid start and/or end dates.\"}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"%ZZ", "1995-01-01%", "1995-01-01%2", "%E0%A4%A", "%FF", "1995-01-01%C0%AF", "1995-01-01\u00ff", "\u00c3"})
    void aParameterWhosePercentEncodingIsBrokenIsRefusedNotTakenAsAbsent(String raw) throws Exception {
        // Sent as it is, each char as one byte of ISO-8859-1 (so raw bytes that are not UTF-8 too): Java's HTTP client refuses to send such a URI.
        for (String parameter : new String[]{"start_range", "end_range"}) {
            String other = parameter.equals("start_range") ? "end_range=1995-12-31" : "start_range=1995-01-01";
            for (String family : FAMILIES) {
                try (RawHttp request = RawHttp.get("127.0.0.1", api.port(), family + "/customers/top10?" + parameter + "=" + raw + "&" + other)) {
                    RawHttp.Response response = request.response();
                    assertThat(response.status()).isEqualTo(400);
                    assertThat(response.header("Content-Type")).startsWith("application/json");
                    assertThat(response.body()).isEqualTo("{\"error\":\"Parameter " + parameter + " is not valid percent-encoded UTF-8.\"}");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"start%ZZrange", "start_range%FF", "start_range\u00ff"})
    void aParameterWhoseNameCannotBeReadIsRefusedNotIgnored(String name) throws Exception {
        for (String family : FAMILIES) {
            try (RawHttp request = RawHttp.get("127.0.0.1", api.port(), family + "/customers/top10?" + name + "=1995-02-01")) {
                RawHttp.Response response = request.response();
                assertThat(response.status()).isEqualTo(400);
                assertThat(response.body()).isEqualTo("{\"error\":\"A query parameter's name is not valid percent-encoded UTF-8.\"}");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x1", "1a", "-1", "+1", "1.0", " 1", "1 ", "١", "０１", "¹", "1' OR '1'='1", "1;DROP TABLE orders",
            "0x10", "1e3", "Clerk#000000001", "%25"})
    void clerkIdsWithOtherThanDigitsAreRefused(String clerk) throws Exception {
        assertError("/clerk/" + path(clerk) + "/yearly_sales/1995", 400, "Clerk ID can only contain numbers.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00000", "10000", "99999999999999999999999999", "-1", "+1995", "1995.0", "abc", "١٩٩٥",
            "１９９５", "1e3", "0x7CB", " 1995", "1995 ", "1995;DROP TABLE orders"})
    void badYearsAreRefused(String year) throws Exception {
        assertError("/clerk/1/yearly_sales/" + path(year), 400, "Invalid year.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/clerk//yearly_sales/1995", "/clerk/1/yearly_sales/", "/clerk/1/yearly_sales", "/clerk/1/yearly_sales/1995/x",
            "/customers/top11", "/customers"})
    void incompletePathsAreNotFound(String path) throws Exception {
        assertError(path, 404, "Not found!");
    }

    private static void assertError(String pathAndQuery, int status, String message) throws Exception {
        for (String family : FAMILIES) {
            HttpResponse<String> response = Http.get(api.port(), family + pathAndQuery);
            assertThat(response.statusCode()).as(family + pathAndQuery).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).isEqualTo("{\"error\":\"" + message + "\"}");
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String path(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
