package dataapi;

import java.util.List;

/** Closing several things in order, each whatever the others did. */
public final class Closeables {
    private Closeables() {
    }

    /**
     * Closes each of {@code resources} in order; the first failure is thrown once all were tried,
     * with the later ones suppressed in it, so that one that fails leaves none of the others open.
     */
    public static void closeAll(List<? extends AutoCloseable> resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
