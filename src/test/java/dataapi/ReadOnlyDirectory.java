package dataapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A directory in which no file can be made while this is open, as on a read-only mount. Root
 * ignores permissions, so as root the directory is made immutable ({@code chattr +i}) instead.
 */
public final class ReadOnlyDirectory implements AutoCloseable {
    private final Path directory;
    private final Set<PosixFilePermission> permissions;

    public ReadOnlyDirectory(Path directory) throws IOException, InterruptedException {
        this.directory = directory;
        this.permissions = Files.getPosixFilePermissions(directory);
        if (isRoot()) {
            run("chattr", "+i", directory.toString());
        } else {
            Set<PosixFilePermission> readOnly = EnumSet.copyOf(permissions);
            readOnly.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
            Files.setPosixFilePermissions(directory, readOnly);
        }
        try {
            Files.delete(Files.createTempFile(directory, "probe-", ".tmp"));
            close();
            throw new IllegalStateException("cannot make " + directory + " read-only here");
        } catch (IOException expected) {
            // Nothing can be made in it: as asked.
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (isRoot()) {
            run("chattr", "-i", directory.toString());
        } else {
            Files.setPosixFilePermissions(directory, permissions);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
