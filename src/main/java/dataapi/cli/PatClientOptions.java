package dataapi.cli;

import dataapi.client.PatClient;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Where the PAT clients look for a PAT file and which certificates they trust; shared by {@code call} and {@code client}. */
public final class PatClientOptions {
    @Option(names = "--pat-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where to look for a *-token-secret.txt file when no PAT is given (default: the current folder).")
    Path patDir;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Trust only the certificates in FILE (PEM), as curl's --cacert: a private CA or a self-signed server.")
    Path caCert;

    PatClient client() {
        return new PatClient(PatClient.httpClient(Optional.ofNullable(caCert)));
    }
}
