package dataapi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTextTest {
    @Test
    void aFileSystemFailureSaysWhyAfterItsPath() {
        assertThat(ErrorText.of(new AccessDeniedException("/data/.lock"))).isEqualTo("/data/.lock: permission denied");
        assertThat(ErrorText.of(new NoSuchFileException("/data/x", "/data/y", null))).isEqualTo("/data/x -> /data/y: no such file or directory");
        assertThat(ErrorText.of(new NotDirectoryException("/data/file"))).isEqualTo("/data/file: not a directory");
        assertThat(ErrorText.of(new FileSystemException("/data", null, "Read-only file system"))).isEqualTo("/data: Read-only file system");
        assertThat(ErrorText.reason(new AccessDeniedException("/out/pat.txt"))).isEqualTo("permission denied");
        assertThat(ErrorText.reason(new NoSuchFileException("/out/pat.txt"))).isEqualTo("no such file or directory");
    }

    @Test
    void otherFailuresAreTheirMessageOrTheirType() {
        assertThat(ErrorText.of(new IOException("the disk is full"))).isEqualTo("the disk is full");
        assertThat(ErrorText.reason(new IOException("the disk is full"))).isEqualTo("the disk is full");
        assertThat(ErrorText.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
