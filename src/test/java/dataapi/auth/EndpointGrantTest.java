package dataapi.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointGrantTest {
    @ParameterizedTest
    @ValueSource(strings = {"connector", "SNOWPARK", "/connector/customers/*", "/snowpark/**", "/**", "/*/customers/top10",
            "/connector/orders/by_priority/", "/connector/clerk/*/yearly_sales/*"})
    void anOperatorMayGrantAFamilyOrAPatternThatCanMatchAnEndpoint(String text) {
        assertThat(EndpointGrant.newGrant(text).text()).isEqualTo(text.startsWith("/") ? text : text.toLowerCase());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/CONNECTOR/**|starts with neither a family (connector, snowpark, in lower case) nor a wildcard, so it matches no endpoint",
            "/other/**|starts with neither a family (connector, snowpark, in lower case) nor a wildcard, so it matches no endpoint",
            "/connector/customers/top10//|holds an empty, . or .. segment, which no request path has",
            "/connector//top10|holds an empty, . or .. segment, which no request path has",
            "/connector/./top10|holds an empty, . or .. segment, which no request path has",
            "/|holds an empty, . or .. segment, which no request path has",
            "/connector/***|holds ***: * stands for part of one segment, ** for any number of them",
    })
    void aPatternThatCouldNeverMatchIsRefused(String text, String reason) {
        assertThatThrownBy(() -> EndpointGrant.newGrant(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' " + reason);
    }
}
