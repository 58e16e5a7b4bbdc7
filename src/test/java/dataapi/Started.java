package dataapi;

import java.util.Arrays;
import java.util.Objects;

/** What a test class's set-up started, closed once its tests are done. */
public final class Started {
    private Started() {
    }

    /**
     * Closes each of {@code resources} in order, as {@link Closeables#closeAll} does, passing over those still null:
     * a set-up that failed part way started only some of them.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Closeables.closeAll(Arrays.stream(resources).filter(Objects::nonNull).toList());
    }
}
