package dataapi.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the login sends the browser next: a path on this server, or /test. */
class LoginPageTest {
    @ParameterizedTest
    @ValueSource(strings = {"/test", "/connector/customers/top10?start_range=1995-02-01&end_range=1995-02-14",
            "/snowpark/clerk/000000001/yearly_sales/1995", "/connector/customers/top10?x=%09%2F%2Fevil.com"})
    void aPathOnThisServerIsKept(String next) {
        assertThat(LoginPage.safeNext(next)).isEqualTo(next);
    }

    /**
     * Browsers drop tabs and line breaks anywhere in a URL and read a backslash as a slash, so each of
     * these would leave for evil.com; the others are not paths of this server's at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/\t/evil.com", "/\n/evil.com", "/\r/evil.com", "/\r\n/evil.com", "/\\evil.com", "//evil.com",
            "/\u0000/evil.com", "/\u007f/evil.com", "/ /evil.com", "/\u0109/evil.com", "/\u00a0/evil.com",
            "https://evil.com", "evil.com", "", "/login", "/login?next=/test"})
    void anythingABrowserCouldTakeElsewhereFallsBackToTheTestPage(String next) {
        assertThat(LoginPage.safeNext(next)).isEqualTo("/test");
    }
}
