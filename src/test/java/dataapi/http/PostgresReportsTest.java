package dataapi.http;

import dataapi.Await;
import dataapi.DataApi;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.TestData;
import dataapi.TestPostgres;
import dataapi.config.PostgresConfig;
import dataapi.config.RequestLimits;
import io.trino.tpch.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both families on PostgreSQL, over the same TPC-H rows as the embedded warehouse: every answer
 * equals, byte for byte, the embedded server's and the one computed in plain Java.
 */
class PostgresReportsTest {
    private static TestPostgres postgres;
    private static DataApi onPostgres;
    private static DataApi embedded;
    private static OrdersOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
        postgres.loadOrders();
        onPostgres = DataApi.start(TestData.postgresServerConfig(postgres.config(), 4, Duration.ofSeconds(5), RequestLimits.DEFAULTS));
        embedded = DataApi.start(TestData.serverConfig());
        oracle = new OrdersOracle(TestData.SCALE.asDouble());
    }

    @AfterAll
    static void stop() throws Exception {
        onPostgres.close();
        embedded.close();
        postgres.close();
    }

    @Test
    void topCustomersEqualTheEmbeddedAnswersAndTheOracle() throws Exception {
        LocalDate[][] ranges = {
                {LocalDate.parse("1995-01-01"), LocalDate.parse("1995-03-31")},
                {LocalDate.parse("1995-02-01"), LocalDate.parse("1995-02-14")},
                {LocalDate.parse("1992-01-01"), LocalDate.parse("1998-12-31")},
                {LocalDate.parse("1996-01-02"), LocalDate.parse("1996-01-02")},
                {LocalDate.parse("2000-01-01"), LocalDate.parse("2000-12-31")},
        };
        for (LocalDate[] range : ranges) {
            String expected = OrdersOracle.json(oracle.top10(range[0], range[1]));
            assertSameEverywhere("/customers/top10?start_range=" + range[0] + "&end_range=" + range[1], expected);
        }
    }

    @Test
    void clerkMonthsEqualTheEmbeddedAnswersAndTheOracle() throws Exception {
        Set<String> clerks = new LinkedHashSet<>();
        for (Order order : oracle.orders()) {
            clerks.add(order.getClerk());
            if (clerks.size() == 3) {
                break;
            }
        }
        List<String> checked = new ArrayList<>();
        for (String clerk : clerks) {
            for (int year = 1992; year <= 1998; year++) {
                String expected = OrdersOracle.monthsJson(oracle.clerkMonths(clerk, year));
                assertSameEverywhere("/clerk/" + clerk.substring("Clerk#".length()) + "/yearly_sales/" + year, expected);
                checked.add(expected);
            }
        }
        assertThat(checked).doesNotContain("[]");
        assertSameEverywhere("/clerk/999999999/yearly_sales/1995", "[]");
    }

    @Test
    void badInputIsRefusedTheSameWay() throws Exception {
        for (String path : List.of("/connector/customers/top10?start_range=1995-02-30", "/snowpark/clerk/x1/yearly_sales/1995")) {
            HttpResponse<String> response = Http.get(onPostgres.port(), path);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo(Http.get(embedded.port(), path).body());
        }
    }

    @Test
    void theWarehouseIsReady() throws Exception {
        HttpResponse<String> response = Http.get(onPostgres.port(), "/readyz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ready\"}");
    }

    /**
     * A role allowed as many connections as the pool keeps open: the readiness check's connection of its own is
     * refused (too many connections), which says that the warehouse answers, not that it is gone, and the pool's
     * connections go on serving.
     */
    @Test
    void aRoleWithNoConnectionToSpareBeyondThePoolIsReadyAndServes() throws Exception {
        String role = "limited_" + postgres.database();
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'limited' CONNECTION LIMIT 2");
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        }
        try (DataApi limited = DataApi.start(TestData.postgresServerConfig(new PostgresConfig(postgres.jdbcUrl(), role, "limited"), 2,
                Duration.ofSeconds(5), RequestLimits.DEFAULTS))) {
            Await.until(() -> sessionsOf(role) == 2, "the pool holds the role's two connections");
            String clerk = "/connector/clerk/1/yearly_sales/1995";
            for (int check = 0; check < 3; check++) {
                assertThat(Http.get(limited.port(), "/readyz").statusCode()).as("readiness check %d", check).isEqualTo(200);
                assertThat(Http.get(limited.port(), clerk).body()).isEqualTo(Http.get(embedded.port(), clerk).body());
                // Readiness is checked at most once a second.
                Thread.sleep(1100);
            }
        } finally {
            try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
                statement.execute("DROP OWNED BY " + role);
                statement.execute("DROP ROLE " + role);
            }
        }
    }

    private static int sessionsOf(String role) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role + "'")) {
            count.next();
            return count.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSameEverywhere(String pathAndQuery, String expected) throws Exception {
        for (String family : List.of("/connector", "/snowpark")) {
            HttpResponse<String> fromPostgres = Http.get(onPostgres.port(), family + pathAndQuery);
            assertThat(fromPostgres.statusCode()).as(family + pathAndQuery).isEqualTo(200);
            assertThat(fromPostgres.body()).as(family + pathAndQuery + " on PostgreSQL").isEqualTo(expected);
            assertThat(fromPostgres.body()).as("PostgreSQL and DuckDB give the same bytes")
                    .isEqualTo(Http.get(embedded.port(), family + pathAndQuery).body());
        }
    }
}
