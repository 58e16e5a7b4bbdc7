package dataapi.tpch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaleFactorTest {
    /**
     * Rows as dbgen's driver makes them (driver.c, -s): from 1 on the whole scale times the rows at 1; below
     * 1 the table's rows at 1 times {@code (int) (1000 * sf)}, divided by 1000; a thousand clerks a whole scale.
     */
    @ParameterizedTest
    @CsvSource({
            "0.01, 15000, 1500, 2000, 1000",
            "0.29, 435000, 43500, 58000, 1000",
            "0.57, 855000, 85500, 114000, 1000",
            "0.58, 870000, 87000, 116000, 1000",
            "0.125, 187500, 18750, 25000, 1000",
            "1, 1500000, 150000, 200000, 1000",
            "10, 15000000, 1500000, 2000000, 10000",
            "100, 150000000, 15000000, 20000000, 100000",
    })
    void rowsAreCountedAsDbgensDriverCountsThem(String scale, long orders, long customers, long parts, long clerks) {
        ScaleFactor factor = ScaleFactor.parse(scale);
        assertThat(factor.orderCount()).isEqualTo(orders);
        assertThat(factor.customerCount()).isEqualTo(customers);
        assertThat(factor.partCount()).isEqualTo(parts);
        assertThat(factor.clerkCount()).isEqualTo(clerks);
    }

    /** dbgen reads 1.5 as 1 and 0.0125 as 0.012: such a scale would not give the rows asked for. */
    @ParameterizedTest
    @ValueSource(strings = {"1.5", "10.01", "0.0125", "0.0101"})
    void aScaleDbgenWouldNotReadAsGivenIsRefused(String scale) {
        assertThatThrownBy(() -> ScaleFactor.parse(scale)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("as dbgen reads it, got " + scale);
    }
}
