package dataapi.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileAuthStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    /** Taking the key out of the store is how it is replaced: the next read makes a new one, and nothing else changes. */
    @Test
    void aSigningKeyTakenOutOfTheStoreIsReplacedByTheNextRead() throws Exception {
        try (FileAuthStore store = new FileAuthStore(work)) {
            AuthState before = store.update(state -> state.withUser(new User("APIUSER", Optional.empty(), Instant.EPOCH, List.of())));
            assertThat(before.signingKey()).isPresent();
            ObjectNode document = (ObjectNode) JSON.readTree(work.resolve("auth.json").toFile());
            assertThat(document.remove("signingKey")).isNotNull();
            Files.write(work.resolve("auth.json"), JSON.writeValueAsBytes(document));

            AuthState after = store.latest();

            assertThat(after.signingKey()).isPresent().isNotEqualTo(before.signingKey());
            assertThat(after.users()).isEqualTo(before.users());
            try (FileAuthStore reopened = new FileAuthStore(work)) {
                assertThat(reopened.current().signingKey()).as("written back").isEqualTo(after.signingKey());
            }
        }
    }

    /** A {@code kill -9} while a write's temporary file exists leaves it behind; nothing else in the folder is the store's to remove. */
    @Test
    void theTemporaryFilesOfWritesCutShortAreRemovedWhenTheStoreOpens() throws Exception {
        AuthState written;
        try (FileAuthStore store = new FileAuthStore(work)) {
            written = store.update(state -> state.withUser(new User("APIUSER", Optional.empty(), Instant.EPOCH, List.of())));
        }
        // Made as the store makes its own, by the same call.
        Path leftover = Files.createTempFile(work, "auth-", ".tmp");
        Path another = Files.createTempFile(work, "auth-", ".tmp");
        List<Path> others = List.of(Files.createFile(work.resolve("auth-notes.tmp")), Files.createFile(work.resolve("auth.json.tmp")),
                Files.createFile(work.resolve("auth-1.tmp.bak")), Files.createFile(work.resolve("other-1.tmp")),
                Files.createDirectory(work.resolve("auth-2.tmp")), Files.createSymbolicLink(work.resolve("auth-3.tmp"), work.resolve("auth.json")));

        try (FileAuthStore store = new FileAuthStore(work)) {
            assertThat(store.current()).isEqualTo(written);
        }

        assertThat(leftover).doesNotExist();
        assertThat(another).doesNotExist();
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).containsExactlyInAnyOrderElementsOf(Stream.concat(others.stream(),
                    Stream.of(work.resolve("auth.json"), work.resolve("auth.lock"))).toList());
        }
    }

    /**
     * A store opened only to read finds that there is none by reading its file, and makes nothing: not where there never was
     * one, nor in an empty folder, nor where its file was removed, leaving the folder and the lock of the store it was.
     */
    @Test
    void aStoreOpenedOnlyToReadIsNoneWhereItsFileIsNotAndMakesNothing() throws Exception {
        Path never = work.resolve("never");
        Path empty = Files.createDirectory(work.resolve("empty"));
        Path removed = work.resolve("removed");
        AuthState written;
        try (FileAuthStore store = new FileAuthStore(removed)) {
            written = store.update(state -> state.withUser(new User("APIUSER", Optional.empty(), Instant.EPOCH, List.of())));
        }
        try (var opened = FileAuthStore.openExisting(removed).orElseThrow()) {
            assertThat(opened.current()).as("a store there is, read").isEqualTo(written);
        }
        Files.delete(removed.resolve("auth.json"));

        for (Path directory : List.of(never, empty, removed)) {
            assertThat(FileAuthStore.openExisting(directory)).as(directory.toString()).isEmpty();
        }

        assertThat(never).doesNotExist();
        try (Stream<Path> files = Files.list(empty)) {
            assertThat(files).isEmpty();
        }
        try (Stream<Path> files = Files.list(removed)) {
            assertThat(files).containsExactly(removed.resolve("auth.lock"));
        }
    }
}
