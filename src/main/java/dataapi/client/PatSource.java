package dataapi.client;

import dataapi.ErrorText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static dataapi.client.ClientFailure.Kind.NO_PAT;
import static dataapi.client.ClientFailure.Kind.USAGE;

/**
 * Where the quickstart's clients take the PAT from: given, in a given file, or else the first file
 * (by name) in a folder whose name ends in {@code -token-secret.txt}.
 */
public final class PatSource {
    public static final String SUFFIX = "-token-secret.txt";

    private PatSource() {
    }

    /** @param howToGive how the caller is asked for a PAT when none is found, e.g. "give --pat or --patfile" */
    public static String resolve(Optional<String> pat, Optional<Path> patFile, Path folder, String howToGive) {
        if (pat.isPresent() && !pat.get().isBlank()) {
            return pat.get().strip();
        }
        if (patFile.isPresent()) {
            return read(patFile.get());
        }
        return read(find(folder).orElseThrow(() -> new ClientFailure(NO_PAT,
                "no PAT: " + howToGive + ", or put a file named *" + SUFFIX + " in " + folder.toAbsolutePath().normalize())));
    }

    /**
     * Refuses {@code value}, given for the URL {@code field}, that holds {@code pat} whole, as a failure's message masks it
     * ({@link ClientFailure#withoutPat}): before any message could mask it, a PAT taken for a host name would go to the DNS
     * and into the TLS handshake. Called before the URL is read, which may look its host up.
     *
     * @param howToGive how the caller is asked for a PAT, as for {@link #resolve}
     */
    public static void refuseInUrl(String field, String value, String pat, String howToGive) {
        if (ClientFailure.holdsPat(value, pat)) {
            throw new ClientFailure(USAGE, field + " holds the PAT, which goes in no URL: " + howToGive + ", or put it in a file named *" + SUFFIX);
        }
    }

    /** The first {@code *-token-secret.txt} file in {@code folder}, by name. */
    public static Optional<Path> find(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(file)).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String read(Path file) {
        try {
            // A byte order mark, as some Windows editors write one, is no part of the secret.
            String secret = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
            if (secret.isEmpty()) {
                throw new ClientFailure(NO_PAT, "no PAT: " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new ClientFailure(NO_PAT, "no PAT: cannot read " + file + ": " + ErrorText.reason(e));
        } catch (UncheckedIOException e) {
            throw new ClientFailure(NO_PAT, "no PAT: cannot read " + file);
        }
    }
}
