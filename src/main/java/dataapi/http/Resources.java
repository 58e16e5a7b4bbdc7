package dataapi.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Files the server ships inside its jar. */
public final class Resources {
    private Resources() {
    }

    public static byte[] read(String path) {
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
