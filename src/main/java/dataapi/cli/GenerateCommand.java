package dataapi.cli;

import dataapi.tpch.EmbeddedTpch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dataapi generate}: builds the embedded TPC-H database without serving it. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate TPC-H ORDERS (dbgen-identical) into the embedded DuckDB database, unless it is already there.")
public final class GenerateCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(GenerateCommand.class);

    @Mixin
    EmbeddedOptions embedded;

    @Override
    public Integer call() throws Exception {
        Path file = new EmbeddedTpch(embedded.dataDir, embedded.threadsOrCores(), log::info).ensure(embedded.scale);
        log.info("TPC-H scale factor {} is ready in {}", embedded.scale, file);
        return 0;
    }
}
