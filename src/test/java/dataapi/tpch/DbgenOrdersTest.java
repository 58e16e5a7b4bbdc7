package dataapi.tpch;

import io.trino.tpch.Distributions;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

/** Every row checked is compared with trino-tpch's generator, whose rows are dbgen's. */
class DbgenOrdersTest {
    private static final long FIRST_DAY = OrderDates.FIRST.toEpochDay();

    @Test
    void scaleFactorOneIsTrinoTpchsRowForRow() throws Exception {
        assertSameRows("1", 1, 1, Long.MAX_VALUE);
    }

    @Test
    void partsWithARemainderAreTrinoTpchsParts() throws Exception {
        // 187,500 orders in 7 parts: the last one takes the remainder. At 0.125, a binary fraction, io.trino.tpch's
        // counts in doubles are dbgen's (at 0.29 it makes one order fewer than dbgen, and customers and parts too).
        for (int part = 1; part <= 7; part++) {
            assertSameRows("0.125", part, 7, Long.MAX_VALUE);
        }
    }

    @Test
    void largeScaleFactorsStartTheirPartsWhereTrinoTpchDoes() throws Exception {
        // Larger keys, clerks and parts, and streams that skip millions of rows to a part's start.
        assertSameRows("10", 3, 4, 100_000);
        assertSameRows("100", 100, 100, 100_000);
    }

    @Test
    void aPartEndsAtItsLastRow() throws Exception {
        DbgenOrders orders = new DbgenOrders(ScaleFactor.parse("0.01"), 2, 3, TextPools.ours(), Distributions.getDefaultDistributions());
        long rows = 0;
        while (orders.next()) {
            rows++;
        }
        assertThat(rows).isEqualTo(5_000);
        assertThat(orders.next()).isFalse();
    }

    /** Compares the first {@code limit} rows of a part, or all of them, and that both end together. */
    private static void assertSameRows(String scale, int part, int parts, long limit) throws IOException, InterruptedException {
        ScaleFactor scaleFactor = ScaleFactor.parse(scale);
        DbgenOrders ours = new DbgenOrders(scaleFactor, part, parts, TextPools.ours(), Distributions.getDefaultDistributions());
        Iterator<Order> trinos = new OrderGenerator(scaleFactor.asDouble(), part, parts, Distributions.getDefaultDistributions(),
                TextPools.trinos()).iterator();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LineBuffer line = new LineBuffer(bytes);
        long compared = 0;
        while (compared < limit && trinos.hasNext()) {
            Order expected = trinos.next();
            assertThat(ours.next()).as("row %d of part %d of %d at %s", compared + 1, part, parts, scale).isTrue();
            ours.appendLine(line);
            line.flush();
            // Ours ends a line where dbgen writes a trailing '|'; and its day is the order date's.
            String actual = bytes.toString(US_ASCII) + " on day " + ours.day();
            String dbgens = expected.toLine();
            String wanted = dbgens.substring(0, dbgens.length() - 1) + "\n on day " + (expected.getOrderDate() - FIRST_DAY);
            bytes.reset();
            // Compared before asserting: an assertion per row would take most of the test's time.
            if (!actual.equals(wanted)) {
                assertThat(actual).as("row %d of part %d of %d at %s", compared + 1, part, parts, scale).isEqualTo(wanted);
            }
            compared++;
        }
        if (compared < limit) {
            assertThat(ours.next()).as("a row past trino-tpch's last of part %d of %d at %s", part, parts, scale).isFalse();
        }
        assertThat(compared).isPositive();
    }
}
