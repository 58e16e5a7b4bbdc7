package dataapi.tpch;

/**
 * One of dbgen's random streams: the Lehmer generator {@code seed = seed * 16807 mod (2^31 - 1)},
 * drawn a fixed number of times per row so that any row's draws can be reached by skipping ahead
 * (which is how a part of a table is generated without the rows before it). The values are those
 * of trino-tpch's streams, which are dbgen's; the modulus, a Mersenne prime, is a shift and an add
 * in place of a division.
 */
final class DbgenRandom {
    private static final long MODULUS = Integer.MAX_VALUE;
    private static final long MULTIPLIER = 16807;

    private final int drawsPerRow;
    private long seed;
    private long drawn;

    /** A stream with no rows, for the text pool's single sequence. */
    DbgenRandom(long seed) {
        this(seed, Integer.MAX_VALUE);
    }

    DbgenRandom(long seed, int drawsPerRow) {
        if (seed <= 0 || seed >= MODULUS || drawsPerRow < 1) {
            throw new IllegalArgumentException("seed must be in (0, 2^31 - 1) and draws per row positive");
        }
        this.seed = seed;
        this.drawsPerRow = drawsPerRow;
    }

    /**
     * The next value in {@code [low, high]}, scaled exactly as dbgen scales it (in doubles; its
     * range arithmetic in ints, overflow included).
     */
    int nextInt(int low, int high) {
        seed = multiply(seed, MULTIPLIER);
        drawn++;
        int range = high - low + 1;
        return low + (int) ((1.0 * seed / MODULUS) * (double) range);
    }

    /** Moves {@code draws} draws ahead, for a stream with no rows: where a part of the text pool starts. */
    void skipDraws(long draws) {
        skip(draws);
        drawn += draws;
    }

    /** The draws taken since the last row began; for a stream with no rows, since the start. */
    long drawn() {
        return drawn;
    }

    /** Moves to the first draw of the next row, past the draws this row did not use. */
    void rowFinished() {
        skip(drawsPerRow - drawn);
        drawn = 0;
    }

    /** Moves past {@code rows} whole rows; called between rows. */
    void skipRows(long rows) {
        if (drawn != 0) {
            rowFinished();
        }
        skip(drawsPerRow * rows);
    }

    private void skip(long draws) {
        long factor = MULTIPLIER;
        for (long left = draws; left > 0; left >>>= 1) {
            if ((left & 1) != 0) {
                seed = multiply(seed, factor);
            }
            factor = multiply(factor, factor);
        }
    }

    /** a * b mod 2^31 - 1 for a and b below it: 2^31 is 1 modulo the modulus, so the high bits fold onto the low. */
    private static long multiply(long a, long b) {
        long product = a * b;
        long folded = (product & MODULUS) + (product >>> 31);
        return folded >= MODULUS ? folded - MODULUS : folded;
    }
}
