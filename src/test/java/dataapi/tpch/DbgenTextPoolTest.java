package dataapi.tpch;

import io.trino.tpch.Distributions;
import io.trino.tpch.TextPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void isBuiltInOnePartPerThread() {
        assertThat(ours.parts()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void aSmallerPoolIsTheStartOfTheWholeOneInOnePartPerThread(int threads) throws InterruptedException, IOException {
        DbgenTextPool small = DbgenTextPool.build(100_000, Distributions.getDefaultDistributions(), threads);

        assertThat(small.size()).isEqualTo(100_000);
        assertThat(small.parts()).isEqualTo(threads);
        assertSameText(small, 0, 100_000);
    }

    @Test
    void isBuiltOnNoMoreThreadsThanItsLimit() throws InterruptedException, IOException {
        DbgenTextPool small = DbgenTextPool.build(100_000, Distributions.getDefaultDistributions(), 3 * DbgenTextPool.MAX_THREADS);

        assertThat(small.parts()).isEqualTo(DbgenTextPool.MAX_THREADS);
        assertSameText(small, 0, 100_000);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 300})
    void aPoolOfAFewBytesIsBuiltOnThreadsWithLittleToShare(int size) throws InterruptedException, IOException {
        DbgenTextPool tiny = DbgenTextPool.build(size, Distributions.getDefaultDistributions(), 3);

        assertThat(tiny.size()).isEqualTo(size);
        assertSameText(tiny, 0, size);
    }

    @Test
    void aThreadThatMeetsNoSentenceOfTheNextWritesTheRest() throws InterruptedException, IOException {
        // With no sentence starts offered, no thread meets the next: the first one writes it all.
        DbgenTextPool alone = DbgenTextPool.build(100_000, Distributions.getDefaultDistributions(), 3, 0);

        assertThat(alone.parts()).isEqualTo(1);
        assertSameText(alone, 0, 100_000);
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
