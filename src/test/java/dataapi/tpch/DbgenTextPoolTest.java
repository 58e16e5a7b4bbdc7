package dataapi.tpch;

import io.trino.tpch.Distributions;
import io.trino.tpch.TextPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbgenTextPoolTest {
    private static final int MEGABYTE = 1 << 20;

    private static TextPool trinos;
    private static DbgenTextPool ours;

    @BeforeAll
    static void buildBoth() throws InterruptedException {
        trinos = TextPool.getDefaultTextPool();
        ours = DbgenTextPool.build(DbgenTextPool.SIZE, Distributions.getDefaultDistributions());
    }

    @Test
    void holdsTheSameBytesAsTrinoTpchsPool() {
        assertThat(ours.size()).isEqualTo(trinos.size());
        // Slices that start 7 bytes past each megabyte, so that every chunk boundary falls inside one.
        for (int begin = 7; begin < ours.size(); begin += MEGABYTE) {
            assertSameText(ours, begin, Math.min(ours.size(), begin + MEGABYTE));
        }
        assertSameText(ours, 0, 7);
    }

    @Test
    void aSmallerPoolIsTheStartOfTheWholeOne() throws InterruptedException {
        DbgenTextPool small = DbgenTextPool.build(100_000, Distributions.getDefaultDistributions());

        assertThat(small.size()).isEqualTo(100_000);
        assertSameText(small, 0, 100_000);
    }

    @Test
    void refusesTextOutsideThePool() {
        assertThatThrownBy(() -> ours.getText(ours.size() - 1, ours.size() + 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ours.getText(-1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ours.getText(5, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Compares without printing the texts, which are up to a megabyte long. */
    private static void assertSameText(TextPool pool, int begin, int end) {
        assertThat(pool.getText(begin, end).equals(trinos.getText(begin, end)))
                .as("the pool's text in [%d, %d) is trino-tpch's", begin, end)
                .isTrue();
    }
}
