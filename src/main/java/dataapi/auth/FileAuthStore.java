package dataapi.auth;

import dataapi.ErrorText;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * The embedded store: {@code auth.json} in a folder readable by its owner only. Writers take an
 * exclusive lock on {@code auth.lock}, so servers and admin commands in other processes can change
 * it concurrently; each write goes to a temporary file that is synced and then moved over the old
 * one, so readers never see half a file and a crash never loses the previous state.
 */
public final class FileAuthStore extends RefreshingStore {
    private static final long LOCK_RETRY_MILLIS = 10;

    private final Path file;
    private final Path lock;

    public FileAuthStore(Path directory) {
        requireNonNull(directory, "directory is null");
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new AuthStoreException("cannot create the auth store folder " + directory + ": " + ErrorText.reason(e), e);
        }
        this.file = stateFile(directory);
        this.lock = directory.resolve("auth.lock");
        initialize();
    }

    /** The file that holds the store's state in {@code directory}; absent until the store is first opened. */
    public static Path stateFile(Path directory) {
        return directory.resolve("auth.json");
    }

    @Override
    protected Object version() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            // The move replaces the file, so its identity changes on every write.
            return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new AuthStoreException("cannot read " + file + ": " + ErrorText.reason(e), e);
        }
    }

    @Override
    protected AuthState read() {
        try {
            return AuthStateJson.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return AuthState.empty();
        } catch (IOException e) {
            throw new AuthStoreException("cannot read " + file + ": " + ErrorText.reason(e), e);
        }
    }

    @Override
    protected AuthState write(UnaryOperator<AuthState> change) {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockExclusively(channel)) {
            AuthState changed = change.apply(read());
            Path temporary = Files.createTempFile(file.getParent(), "auth-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    out.write(java.nio.ByteBuffer.wrap(AuthStateJson.write(changed)));
                    out.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
            return changed;
        } catch (IOException e) {
            throw new AuthStoreException("cannot write " + file + ": " + ErrorText.reason(e), e);
        }
    }

    /** A lock that another process holds blocks; one held by another store in this JVM is waited for. */
    private static FileLock lockExclusively(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(LOCK_RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the auth store lock", interrupted);
                }
            }
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "file store " + file;
    }
}
