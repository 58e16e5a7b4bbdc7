package dataapi.http;

import dataapi.endpoint.BadRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryStringTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "d=1995-01-01                 | 1995-01-01",
            "a=1&d=1995-01-01&b=2         | 1995-01-01",
            "d=x%20y                      | x y",
            "d=x+y                        | x y",
            "d=%C3%A9                     | é",
            "d=%F0%9F%98%80               | 😀",
            "d=é+%C3%A9                   | é é",
            "d=a=b                        | a=b",
            "d%3D=1&d=2                   | 2",
            "%64=2                        | 2",
            "d                            | ''",
            "d=                           | ''",
            "&&d=3&                       | 3",
            "dd=1&xd=2&d_=3&=4            | NULL",
            "d+=2&d=3                     | 3",
            "''                           | NULL",
    })
    void readsTheValueAsFormsEncodeIt(String query, String expected) {
        assertThat(QueryString.single(query, "d")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"d=1&d=2", "d=1&d=1", "d=&d=1", "d&d", "d=1&%64=2"})
    void aParameterGivenTwiceIsRefused(String query) {
        assertThatThrownBy(() -> QueryString.single(query, "d")).isInstanceOf(BadRequestException.class)
                .hasMessage("Parameter d was given more than once.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"d=%", "d=%2", "d=%ZZ", "d=1995%2", "a=1&d=%E0%A4%A", "d=%ZZ&d=1", "d=%FF", "d=1995-01-01%C3%28",
            "d=%C0%AF", "d=%ED%A0%80", "d=%E0%A4", "d=%F4%90%80%80", "d=%\uFF11%\uFF11", "d=a\uFFFDb", "d=\uFFFD+"})
    void aValueWhosePercentEncodingIsBrokenIsRefused(String query) {
        assertThatThrownBy(() -> QueryString.single(query, "d")).isInstanceOf(BadRequestException.class)
                .hasMessage("Parameter d is not valid percent-encoded UTF-8.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%ZZ=1&d=5", "d%ZZ=1", "d%ff=1", "%=1&d=1", "d\uFFFD=1", "a+%E0%A4=1&d=1"})
    void aNameWhosePercentEncodingIsBrokenIsRefused(String query) {
        assertThatThrownBy(() -> QueryString.single(query, "d")).isInstanceOf(BadRequestException.class)
                .hasMessage("A query parameter's name is not valid percent-encoded UTF-8.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%ZZ&d=1", "a=1&a=2&d=1"})
    void otherParametersDoNotMatter(String query) {
        assertThat(QueryString.single(query, "d")).isEqualTo("1");
    }
}
