package dataapi.tpch;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

class LineBufferTest {
    @Test
    void linesWrittenOutAsTheBufferFillsArriveWholeAndInOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        ByteBuffer text = ByteBuffer.allocateDirect(64);
        text.put(0, "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(US_ASCII));
        int flushesSeen = 0;
        try (LineBuffer line = new LineBuffer(out)) {
            for (int row = 0; row < 20_000; row++) {
                int from = row % 20;
                int length = row % 17;
                line.append(row, 6).append('|').append(-row).append('|').append(text, from, length).append('\n');
                expected.append(String.format("%06d|%d|", row, -row))
                        .append("0123456789abcdefghijklmnopqrstuvwxyz", from, from + length).append('\n');
                int before = out.size();
                line.flushWhenFull();
                if (out.size() > before) {
                    flushesSeen++;
                }
            }
        }
        assertThat(flushesSeen).as("rows written out before the end").isGreaterThan(2);
        assertThat(out.toString(US_ASCII)).isEqualTo(expected.toString());
    }
}
