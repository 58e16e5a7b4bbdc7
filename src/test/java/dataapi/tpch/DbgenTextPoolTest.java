package dataapi.tpch;

import io.trino.tpch.Distributions;
import io.trino.tpch.TextPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbgenTextPoolTest {
    private static final int MEGABYTE = 1 << 20;

    private static TextPool trinos;
    private static DbgenTextPool ours;

    @BeforeAll
    static void buildBoth() throws InterruptedException {
        trinos = TextPools.trinos();
        ours = TextPools.ours();
    }

    @Test
    void holdsTheSameBytesAsTrinoTpchsPool() throws IOException {
        assertThat(ours.size()).isEqualTo(trinos.size());
        // Slices that start 7 bytes past each megabyte, so that every chunk boundary falls inside one.
        for (int begin = 7; begin < ours.size(); begin += MEGABYTE) {
            assertSameText(ours, begin, Math.min(ours.size(), begin + MEGABYTE));
        }
        assertSameText(ours, 0, 7);
    }

    @Test
    void aSmallerPoolIsTheStartOfTheWholeOne() throws InterruptedException, IOException {
        DbgenTextPool small = DbgenTextPool.build(100_000, Distributions.getDefaultDistributions());

        assertThat(small.size()).isEqualTo(100_000);
        assertSameText(small, 0, 100_000);
    }

    @Test
    void refusesTextOutsideThePool() {
        LineBuffer line = new LineBuffer(new ByteArrayOutputStream());
        assertThatThrownBy(() -> ours.appendText(line, ours.size() - 1, ours.size() + 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ours.appendText(line, -1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ours.appendText(line, 5, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Compares without printing the texts, which are up to a megabyte long. */
    private static void assertSameText(DbgenTextPool pool, int begin, int end) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LineBuffer line = new LineBuffer(bytes)) {
            pool.appendText(line, begin, end);
        }
        assertThat(bytes.toString(StandardCharsets.US_ASCII).equals(trinos.getText(begin, end)))
                .as("the pool's text in [%d, %d) is trino-tpch's", begin, end)
                .isTrue();
    }
}
