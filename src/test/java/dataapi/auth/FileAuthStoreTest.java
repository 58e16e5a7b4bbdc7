package dataapi.auth;

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
    @TempDir
    Path work;

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
}
