package dataapi.auth;

import dataapi.ErrorText;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The embedded store: {@code auth.json} in a folder readable by its owner only. Writers take an
 * exclusive lock on {@code auth.lock}, so servers and admin commands in other processes can change
 * it concurrently; each write goes to a temporary file that is synced and then moved over the old
 * one, so readers never see half a file and a crash never loses the previous state. The temporary
 * files a crash leaves are removed when the store is next opened.
 */
public final class FileAuthStore extends RefreshingStore {
    private static final long LOCK_RETRY_MILLIS = 10;
    private static final String TEMPORARY_PREFIX = "auth-";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    /** How {@link Files#createTempFile} names this store's temporary files: the prefix, digits, the suffix. */
    private static final Pattern TEMPORARY = Pattern.compile(Pattern.quote(TEMPORARY_PREFIX) + "[0-9]+" + Pattern.quote(TEMPORARY_SUFFIX));

    private final Path file;
    private final Path lock;
    /** Whether it is made where there is none; a store opened only to read is not, and fails instead ({@link NoStore}). */
    private final boolean makes;

    /** Opens the store in {@code directory}, making the folder and the store where there are none. */
    public FileAuthStore(Path directory) {
        this(directory, true);
    }

    private FileAuthStore(Path directory, boolean makes) {
        requireNonNull(directory, "directory is null");
        try {
            if (makes && !Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new AuthStoreException("cannot create the auth store folder " + directory + ": " + ErrorText.reason(e), e);
        }
        this.file = stateFile(directory);
        this.lock = directory.resolve("auth.lock");
        this.makes = makes;
        removeTemporaryFiles();
        initialize();
    }

    /**
     * Removes the temporary files of writes cut short (a {@code kill -9} between making one and
     * moving it into place), and nothing else. Under the lock, so that no write under way loses its
     * own; a store that cannot be written now keeps them until it is opened when it can.
     */
    private void removeTemporaryFiles() {
        // A store opened only to read makes no lock file where there is none: then no write has made temporary files either.
        OpenOption[] options = makes ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.WRITE};
        try (FileChannel channel = FileChannel.open(lock, options);
             FileLock ignored = lockExclusively(channel);
             DirectoryStream<Path> leftovers = Files.newDirectoryStream(file.getParent(),
                     path -> TEMPORARY.matcher(path.getFileName().toString()).matches() && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            // Not writable now: the store is still read, and the files go at a later opening.
        }
    }

    /**
     * Opens the store in {@code directory} if there is one; where there is none, makes nothing. Its reading of the file
     * is what finds that there is none: a check before the opening would let a file removed in between be made again.
     */
    public static Optional<AuthStore> openExisting(Path directory) {
        try {
            return Optional.of(new FileAuthStore(directory, false));
        } catch (NoStore e) {
            return Optional.empty();
        }
    }

    /** The file that holds the store's state in {@code directory}; absent until the store is first opened. */
    private static Path stateFile(Path directory) {
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
        return read(json -> AuthStateJson.read(json, file.toString()));
    }

    private AuthState read(Function<byte[], AuthState> parse) {
        try {
            return parse.apply(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            if (!makes) {
                throw new NoStore(file);
            }
            return AuthState.empty();
        } catch (IOException e) {
            throw new AuthStoreException("cannot read " + file + ": " + ErrorText.reason(e), e);
        }
    }

    @Override
    protected Written write(UnaryOperator<AuthState> change) {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockExclusively(channel)) {
            AuthState changed = change.apply(read(json -> AuthStateJson.readToChange(json, file.toString())));
            Path temporary = Files.createTempFile(file.getParent(), TEMPORARY_PREFIX, TEMPORARY_SUFFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    // A write may take only part of the bytes (a full disk, a file size limit) and say so only by
                    // its count: the next one then throws, before a cut-short file could be moved over the store.
                    ByteBuffer bytes = ByteBuffer.wrap(AuthStateJson.write(changed));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    out.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
            return new Written(changed, version());
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

    /** The file of a store opened only to read is not there. */
    private static final class NoStore extends RuntimeException {
        NoStore(Path file) {
            super("no user store is in " + file.getParent() + ": " + file.getFileName() + " is not there");
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
