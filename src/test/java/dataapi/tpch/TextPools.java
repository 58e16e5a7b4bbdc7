package dataapi.tpch;

import io.trino.tpch.Distributions;
import io.trino.tpch.TextPool;

/** The 300 MB text pools, trino-tpch's and this project's, built once for the tests that compare with them. */
final class TextPools {
    private static DbgenTextPool ours;

    private TextPools() {
    }

    static TextPool trinos() {
        return TextPool.getDefaultTextPool();
    }

    static synchronized DbgenTextPool ours() throws InterruptedException {
        if (ours == null) {
            ours = DbgenTextPool.build(DbgenTextPool.SIZE, Distributions.getDefaultDistributions(), 2);
        }
        return ours;
    }
}
