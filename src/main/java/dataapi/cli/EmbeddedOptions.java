package dataapi.cli;

import dataapi.tpch.ScaleFactor;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The flags that say which embedded TPC-H data to use; shared by {@code serve} and {@code generate}. */
public final class EmbeddedOptions {
    @Option(names = "--scale", paramLabel = "SF", converter = Converters.Scale.class,
            defaultValue = "${env:DATAAPI_SCALE:-1}",
            description = "TPC-H scale factor: whole from 1 to 100, or thousandths from 0.01 (env DATAAPI_SCALE, default ${DEFAULT-VALUE}).")
    ScaleFactor scale;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:DATAAPI_DATA_DIR:-./data}",
            description = "Where the generated databases live (env DATAAPI_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--threads", paramLabel = "N", converter = Converters.NonNegative.class,
            defaultValue = "${env:DATAAPI_THREADS:-0}",
            description = "Threads for generation, and for DuckDB's queries, shared by the pooled connections; 0 means one per core (env DATAAPI_THREADS).")
    int threads;

    int threadsOrCores() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
