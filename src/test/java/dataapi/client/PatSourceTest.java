package dataapi.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class PatSourceTest {
    private static final String PAT = "dataapi_pat_" + "C".repeat(43);

    @Test
    void aFileWithAByteOrderMarkAndALineBreakHoldsJustThePat(@TempDir Path folder) throws Exception {
        Path file = Files.write(folder.resolve("apiuser" + PatSource.SUFFIX), ("\uFEFF" + PAT + "\r\n").getBytes(UTF_8));

        assertThat(PatSource.resolve(Optional.empty(), Optional.of(file), folder, "give --pat")).isEqualTo(PAT);
        assertThat(PatSource.resolve(Optional.empty(), Optional.empty(), folder, "give --pat")).as("found in the folder").isEqualTo(PAT);
    }
}
