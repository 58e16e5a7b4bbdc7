package dataapi.tpch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** An ASCII line builder over an output stream: numbers and text go straight to bytes. */
final class LineBuffer implements AutoCloseable {
    /**
     * Written out once a row has taken the buffer past this many bytes. Small, since a generator
     * holds a buffer per order month: at 1 MB, two generators' 160 MB were copied by each young collection.
     */
    private static final int FLUSH_AT = 1 << 16;

    private final OutputStream out;
    private byte[] bytes = new byte[FLUSH_AT + 4096];
    private int size;
    private final byte[] digits = new byte[20];

    LineBuffer(OutputStream out) {
        this.out = out;
    }

    LineBuffer append(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    LineBuffer append(byte[] text) {
        ensure(text.length);
        System.arraycopy(text, 0, bytes, size, text.length);
        size += text.length;
        return this;
    }

    LineBuffer append(ByteBuffer text, int from, int length) {
        ensure(length);
        text.get(from, bytes, size, length);
        size += length;
        return this;
    }

    LineBuffer append(long value) {
        return append(value, 1);
    }

    /** {@code value} in decimal, with leading zeros to at least {@code width} digits. */
    LineBuffer append(long value, int width) {
        if (value < 0) {
            append('-');
            value = -value;
        }
        int count = 0;
        do {
            digits[count++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        while (count < width) {
            digits[count++] = '0';
        }
        ensure(count);
        for (int i = count - 1; i >= 0; i--) {
            bytes[size++] = digits[i];
        }
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /** Writes the buffer out when it holds {@link #FLUSH_AT} bytes or more. */
    void flushWhenFull() throws IOException {
        if (size >= FLUSH_AT) {
            flush();
        }
    }

    void flush() throws IOException {
        out.write(bytes, 0, size);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        try (out) {
            flush();
        }
    }
}
