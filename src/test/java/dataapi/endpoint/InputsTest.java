package dataapi.endpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dates as the quickstart's strptime("%Y-%m-%d") took them; the refusals over HTTP are in BadInputTest. */
class InputsTest {
    @ParameterizedTest
    @CsvSource({"1995-01-01, 1995, 1, 1", "1995-1-1, 1995, 1, 1", "1995-1-31, 1995, 1, 31", "1995-12-3, 1995, 12, 3",
            "2024-02-29, 2024, 2, 29", "0001-01-01, 1, 1, 1", "9999-12-31, 9999, 12, 31"})
    void aDateWithMonthAndDayOfOneOrTwoDigitsIsRead(String raw, int year, int month, int day) {
        assertThat(Inputs.date(raw, "bad")).isEqualTo(LocalDate.of(year, month, day));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1995", "1995-", "1995-01", "1995-01-", "1995--01", "1995-01--1", "-1995-01-01", "1995-001-1",
            "1995-1-001", "1995-1-1-", "1995-1-1-1", "99999-01-01", "199-01-01", "1995-0x-01", "1995-01-0x", "1995-02-29", "1995-1-",
            "1995-111", "0000-01-01", "0-1-1"})
    void anythingElseIsRefusedWithTheGivenMessage(String raw) {
        assertThatThrownBy(() -> Inputs.date(raw, "bad")).isInstanceOf(BadRequestException.class).hasMessage("bad");
    }

    @ParameterizedTest
    @CsvSource({"007, 7", "000000002, 2", "000, 0", "0, 0", "10, 10", "100, 100", "'', ''", "00a, a", "0-1, -1"})
    void leadingZerosGoAndTheLastCharacterStays(String text, String expected) {
        assertThat(Inputs.withoutLeadingZeros(text)).isEqualTo(expected);
    }
}
