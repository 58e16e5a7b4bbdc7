package dataapi.warehouse;

import org.duckdb.DuckDBDriver;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * DuckDB's native library, which the build puts beside dataapi.jar rather than in it (see pom.xml). Without it
 * DuckDB prints a stack trace of its own on its first connection, after the generation has run; checked
 * before, it is one line naming where the library belongs.
 */
public final class DuckDbLibrary {
    private DuckDbLibrary() {
    }

    /**
     * Returns when DuckDB will find its library for this machine: in the jar that holds DuckDB's classes, as in the
     * duckdb_jdbc jar the tests run with, or beside it, as for dataapi.jar.
     *
     * @throws IllegalStateException naming the file and the directory it belongs in
     */
    public static void requireInstalled() {
        Optional<String> name = fileName();
        Optional<Path> jar = jarOfDuckDb();
        if (name.isEmpty() || jar.isEmpty() || DuckDBDriver.class.getResource("/" + name.get()) != null) {
            // A machine the build makes no library for, or classes not in a jar: DuckDB's own loading says what it finds.
            return;
        }
        Path directory = jar.get().toAbsolutePath().getParent();
        if (!Files.isRegularFile(directory.resolve(name.get()))) {
            throw new IllegalStateException("DuckDB's native library is not installed: no " + name.get() + " in " + directory
                    + " (it ships beside dataapi.jar)");
        }
    }

    /** The library's name as DuckDB looks for it, on the Linux machines the build ships it for. */
    private static Optional<String> fileName() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of("libduckdb_java.so_linux_amd64");
            case "aarch64", "arm64" -> Optional.of("libduckdb_java.so_linux_arm64");
            default -> Optional.empty();
        };
    }

    private static Optional<Path> jarOfDuckDb() {
        try {
            Path location = Path.of(DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
