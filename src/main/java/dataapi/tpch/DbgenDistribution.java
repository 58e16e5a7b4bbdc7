package dataapi.tpch;

import io.trino.tpch.Distribution;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * One of dbgen's weighted value lists (word lists, order priorities) laid out by draw: each value
 * as often as its weight, so that a draw picks its value directly, as ASCII bytes.
 */
final class DbgenDistribution {
    private final String name;
    private final byte[][] byDraw;

    DbgenDistribution(Distribution distribution) {
        name = distribution.toString();
        int total = distribution.getWeight(distribution.size() - 1);
        byDraw = new byte[total][];
        int draw = 0;
        for (int value = 0; value < distribution.size(); value++) {
            byte[] bytes = distribution.getValue(value).getBytes(US_ASCII);
            while (draw < distribution.getWeight(value)) {
                byDraw[draw++] = bytes;
            }
        }
    }

    /** dbgen's pick: the stream's next value scaled to the total weight. */
    byte[] pick(DbgenRandom random) {
        return byDraw[random.nextInt(0, byDraw.length - 1)];
    }

    void requireEachStartsWith(String firstBytes) {
        for (byte[] value : byDraw) {
            if (firstBytes.indexOf(value[0]) < 0) {
                throw new IllegalStateException(name + " has a value that does not start with one of " + firstBytes);
            }
        }
    }
}
