package dataapi.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UnreservedPathTest {
    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            "/connector/customers/top10 /connector/customers/top10",
            "/a%62c/%41%7a%30%2d%5f%7e /abc/Az0-_~",
            "/a%2Fb/%2e%2E/%25%34%31 /a%2Fb/%2e%2E/%2541",
            "/%zz/%4 /%zz/%4",
            "/%41%4 /A%4",
            "/% /%",
            "/%٣١ /%٣١"})
    void onlyLettersDigitsAndHyphenUnderscoreTildeAreDecoded(String path, String decoded) {
        assertThat(UnreservedPath.decodeUnreserved(path)).isEqualTo(decoded);
    }
}
