package dataapi.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    /**
     * A write the file system takes only part of (a full disk; here a file size limit, under which the JVM's write returns
     * a short count and only the next one fails) fails, and leaves the store as it was: a file cut short moved into its
     * place would lose every user, role and PAT.
     */
    @Test
    void aWriteTheFileSystemCutsShortFailsAndLeavesTheStoreAsItWas() throws Exception {
        AuthState before;
        try (FileAuthStore store = new FileAuthStore(work)) {
            for (int i = 0; Files.size(work.resolve("auth.json")) < 5_000; i++) {
                String name = "USER_" + i;
                store.update(state -> state.withUser(new User(name, Optional.empty(), Instant.EPOCH, List.of())));
            }
            before = store.current();
        }
        // ulimit -f counts blocks of 1,024 bytes: the store's file fits, and twenty more users, a few kilobytes, do not.
        long blocks = (Files.size(work.resolve("auth.json")) + 1_023) / 1_024;
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + blocks + " && exec \"$@\"", "bash"));
        // No performance data file, which the limit would cut short too.
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), AddUsers.class.getName(), work.toString(), "20"));
        Process limited = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(limited.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(limited.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(limited.exitValue()).as(output).isNotZero();
        assertThat(output).contains("cannot write " + work.resolve("auth.json") + ": File too large");
        try (FileAuthStore reopened = new FileAuthStore(work)) {
            assertThat(reopened.current()).isEqualTo(before);
        }
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).containsExactlyInAnyOrder(work.resolve("auth.json"), work.resolve("auth.lock"));
        }
    }

    /** Adds {@code args[1]} users to the store in the folder {@code args[0]}, in one write. */
    static final class AddUsers {
        public static void main(String[] args) {
            try (FileAuthStore store = new FileAuthStore(Path.of(args[0]))) {
                store.update(state -> {
                    AuthState more = state;
                    for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                        more = more.withUser(new User("ANOTHER_USER_" + i, Optional.empty(), Instant.EPOCH, List.of()));
                    }
                    return more;
                });
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
