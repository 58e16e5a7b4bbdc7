package dataapi.report;

import dataapi.OrdersOracle;
import dataapi.TestData;
import dataapi.report.CustomerKeyRanges.KeyRange;
import dataapi.tpch.ScaleFactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CustomerKeyRangesTest {
    private static final ScaleFactor SF10 = ScaleFactor.parse("10");

    @ParameterizedTest(name = "{0} to {1}: {2} ranges")
    @CsvSource({
            // About 527,000 of SF10's million ordering customers order in four months, all of them in
            // seven years, and 64MB shared by two connections holds ranges of 160,000 (200 bytes each).
            "1995-01-01, 1995-04-30, 4",
            "1992-01-01, 1998-12-31, 7",
            "1995-01-01, 1995-01-05, 1",
            "1999-01-01, 2000-12-31, 1",
            "1900-01-01, 1991-12-31, 1",
    })
    void splitsScaleFactor10IntoRangesThatTwoConnectionsFitIn64MB(LocalDate start, LocalDate end, int count) {
        List<KeyRange> ranges = CustomerKeyRanges.withinMemory(SF10, 64_000_000, 2).covering(start, end);

        assertThat(ranges).hasSize(count);
        assertCoverEveryKeyOnce(ranges, 1_500_000);
    }

    @Test
    void moreMemoryPerConnectionMeansFewerRanges() {
        LocalDate start = LocalDate.of(1995, 1, 1);
        LocalDate end = LocalDate.of(1995, 4, 30);

        // 526,740 customers expected in ranges of 320,000, 320,000 and 40,000.
        assertThat(CustomerKeyRanges.withinMemory(SF10, 128_000_000, 2).covering(start, end)).hasSize(2);
        assertThat(CustomerKeyRanges.withinMemory(SF10, 64_000_000, 1).covering(start, end)).hasSize(2);
        assertThat(CustomerKeyRanges.withinMemory(SF10, 64_000_000, 8).covering(start, end)).hasSize(14);
    }

    @Test
    void theExpectedCustomersAreThoseWhoOrderedWithinSamplingNoise() {
        OrdersOracle oracle = new OrdersOracle(TestData.SCALE.asDouble());
        // With one customer per range, the count of ranges is the expected count of customers; the
        // orders of a short span at scale 0.01 are few, so the count who ordered varies by about its square root.
        CustomerKeyRanges oneEach = new CustomerKeyRanges(TestData.SCALE, 1);
        LocalDate[][] spans = {
                {LocalDate.of(1995, 1, 1), LocalDate.of(1995, 1, 31)},
                {LocalDate.of(1995, 1, 1), LocalDate.of(1995, 4, 30)},
                {LocalDate.of(1993, 6, 1), LocalDate.of(1995, 5, 31)},
                {LocalDate.of(1990, 1, 1), LocalDate.of(2000, 1, 1)},
        };
        for (LocalDate[] span : spans) {
            long ordered = oracle.customersOrdering(span[0], span[1]);
            List<KeyRange> ranges = oneEach.covering(span[0], span[1]);
            assertThat((double) ranges.size()).as("customers from %s to %s", span[0], span[1])
                    .isCloseTo(ordered, within(3 * Math.sqrt(ordered) + 1));
            assertCoverEveryKeyOnce(ranges, TestData.SCALE.customerCount());
        }
    }

    @Test
    void neverMoreRangesThanCustomers() {
        List<KeyRange> ranges = new CustomerKeyRanges(TestData.SCALE, 1).covering(LocalDate.of(1992, 1, 1), LocalDate.of(1998, 12, 31));

        assertThat(ranges.size()).isLessThanOrEqualTo(1_500);
        assertCoverEveryKeyOnce(ranges, 1_500);
    }

    private static void assertCoverEveryKeyOnce(List<KeyRange> ranges, long customers) {
        long next = 1;
        for (KeyRange range : ranges) {
            assertThat(range.first()).isEqualTo(next);
            assertThat(range.last()).isGreaterThanOrEqualTo(range.first());
            next = range.last() + 1;
        }
        assertThat(next - 1).isEqualTo(customers);
    }
}
