package dataapi.http;

import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.RunningApi;
import dataapi.TestData;
import io.trino.tpch.Order;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Both families, over HTTP, against answers computed from the generator's rows in plain Java. */
class ReportsTest {
    @RegisterExtension
    static final RunningApi api = new RunningApi();
    private static OrdersOracle oracle;

    @BeforeAll
    static void start() {
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @ParameterizedTest(name = "top10 {0}")
    @CsvSource({
            "'', 1995-01-01, 1995-03-31",
            "?start_range=&end_range=, 1995-01-01, 1995-03-31",
            "?start_range=1995-02-01&end_range=1995-02-14, 1995-02-01, 1995-02-14",
            "?start_range=1995-2-1&end_range=1995-2-14, 1995-02-01, 1995-02-14",
            "?start_range=1992-01-01&end_range=1998-12-31, 1992-01-01, 1998-12-31",
            "?start_range=1996-01-02&end_range=1996-01-02, 1996-01-02, 1996-01-02",
            "?end_range=1995-01-01, 1995-01-01, 1995-01-01",
            "?start_range=2000-01-01&end_range=2000-12-31, 2000-01-01, 2000-12-31",
    })
    void topCustomersMatchTheGeneratorsRows(String query, LocalDate start, LocalDate end) throws Exception {
        String expected = OrdersOracle.json(oracle.top10(start, end));
        assertBothFamilies("/customers/top10" + query, expected);
    }

    @Test
    void clerkMonthsMatchTheGeneratorsRows() throws Exception {
        Set<String> clerks = new LinkedHashSet<>();
        for (Order order : oracle.orders()) {
            clerks.add(order.getClerk());
            if (clerks.size() == 3) {
                break;
            }
        }
        for (String clerk : clerks) {
            String number = clerk.substring("Clerk#".length());
            for (int year = 1992; year <= 1998; year++) {
                String expected = OrdersOracle.monthsJson(oracle.clerkMonths(clerk, year));
                assertThat(expected).isNotEqualTo("[]");
                assertBothFamilies("/clerk/" + number + "/yearly_sales/" + year, expected);
                // The unpadded number names the same clerk.
                assertBothFamilies("/clerk/" + Integer.parseInt(number) + "/yearly_sales/" + year, expected);
            }
        }
    }

    @Test
    void clerkNumbersBeyondAnyClerkHaveNoMonths() throws Exception {
        // 10 digits, 18 (the derived table's number column still holds it), 19 and 30 (it does not).
        for (String clerk : List.of("1234567890", "123456789012345678", "1234567890123456789", "123456789012345678901234567890")) {
            assertBothFamilies("/clerk/" + clerk + "/yearly_sales/1995", "[]");
        }
        // Leading zeros beyond nine digits still name clerk 1.
        assertBothFamilies("/clerk/" + "0".repeat(25) + "1/yearly_sales/1995",
                OrdersOracle.monthsJson(oracle.clerkMonths("Clerk#000000001", 1995)));
    }

    @Test
    void clerkMonthsOverOrdersItselfEqualTheDerivedTable() throws Exception {
        try (TestServer overOrders = TestServer.start("orders", 2, Duration.ofSeconds(5))) {
            for (String path : List.of("/clerk/1/yearly_sales/1995", "/clerk/7/yearly_sales/1992", "/clerk/10/yearly_sales/1998",
                    "/clerk/3/yearly_sales/2003")) {
                for (String family : List.of("/connector", "/snowpark")) {
                    String derived = Http.get(api.port(), family + path).body();
                    assertThat(Http.get(overOrders.port(), family + path).body()).as(family + path).isEqualTo(derived);
                }
                assertThat(Http.get(overOrders.port(), "/connector" + path).body())
                        .isEqualTo(OrdersOracle.monthsJson(oracle.clerkMonths("Clerk#" + "%09d".formatted(Integer.parseInt(path.split("/")[2])),
                                Integer.parseInt(path.split("/")[4]))));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"/clerk/999999999/yearly_sales/1995", "/clerk/1/yearly_sales/2005", "/clerk/1234567890123/yearly_sales/1995",
            "/clerk/1/yearly_sales/1", "/clerk/1/yearly_sales/9999"})
    void unknownClerkOrEmptyYearIsAnEmptyList(String path) throws Exception {
        assertBothFamilies(path, "[]");
    }

    private static void assertBothFamilies(String pathAndQuery, String expectedBody) throws Exception {
        HttpResponse<String> connector = Http.get(api.port(), "/connector" + pathAndQuery);
        HttpResponse<String> snowpark = Http.get(api.port(), "/snowpark" + pathAndQuery);
        assertThat(connector.statusCode()).as(pathAndQuery).isEqualTo(200);
        assertThat(connector.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(connector.body()).as(pathAndQuery).isEqualTo(expectedBody);
        assertThat(snowpark.statusCode()).isEqualTo(200);
        assertThat(snowpark.body()).as("both families return the same bytes").isEqualTo(connector.body());
    }
}
