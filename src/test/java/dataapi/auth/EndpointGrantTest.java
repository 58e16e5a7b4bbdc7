package dataapi.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointGrantTest {
    @ParameterizedTest
    @CsvSource({"connector, /connector/customers/top10", "SNOWPARK, /snowpark/customers/top10",
            "/connector/customers/*, /connector/customers/top10", "/snowpark/**, /snowpark/clerk/1/yearly_sales/1995",
            "/**, /connector/customers/top10", "/*/customers/top10, /snowpark/customers/top10",
            "/connector/orders/by_priority/, /connector/orders/by_priority", "/connector/clerk/*/yearly_sales/*, /connector/clerk/1/yearly_sales/1995",
            "/conn*/**, /connector/customers/top10", "/*park/customers/top10, /snowpark/customers/top10",
            "/connector**, /connector/customers/top10"})
    void anOperatorMayGrantAFamilyOrAPatternThatMatchesAnEndpoint(String text, String endpoint) {
        EndpointGrant grant = EndpointGrant.newGrant(text);
        // Kept as it reads: a family in lower case, a pattern without one trailing slash.
        assertThat(grant.text()).isEqualTo(text.startsWith("/") ? text.replaceFirst("/$", "") : text.toLowerCase());
        assertThat(grant.matches(endpoint)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/CONNECTOR/**|starts with a segment that matches no family (connector, snowpark, in lower case), so it matches no endpoint",
            "/other/**|starts with a segment that matches no family (connector, snowpark, in lower case), so it matches no endpoint",
            "/snow*x/**|starts with a segment that matches no family (connector, snowpark, in lower case), so it matches no endpoint",
            "/connector/customers/top10//|holds an empty, . or .. segment, which no request path has",
            "/connector//top10|holds an empty, . or .. segment, which no request path has",
            "/connector/./top10|holds an empty, . or .. segment, which no request path has",
            "/|holds an empty, . or .. segment, which no request path has",
            "/connector/***|holds ***: * stands for part of one segment, ** for any number of them",
            "/connector|names no endpoint, only where a family's endpoints start: grant the family itself, such as connector, or a pattern below it, such as /connector/**",
            "/*|names no endpoint, only where a family's endpoints start: grant the family itself, such as connector, or a pattern below it, such as /connector/**",
            "/connector/|names no endpoint, only where a family's endpoints start: grant the family itself, such as connector, or a pattern below it, such as /connector/**",
            "/connector/customers/{custkey}/orders|holds a {name}: a grant matches request paths, in which a path parameter is its value; write * for that segment, such as /connector/customers/*/orders",
    })
    void aPatternThatCouldNeverMatchIsRefused(String text, String reason) {
        assertThatThrownBy(() -> EndpointGrant.newGrant(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' " + reason);
    }
}
