package dataapi.cli;

import dataapi.config.PostgresConfig;
import dataapi.config.WarehouseKind;
import dataapi.tpch.EmbeddedTpch;
import dataapi.tpch.PostgresOrdersLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code dataapi generate}: loads TPC-H into the embedded DuckDB database or into PostgreSQL, without serving it. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate TPC-H ORDERS (dbgen-identical) into the embedded DuckDB database or PostgreSQL, unless it is already there.")
public final class GenerateCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(GenerateCommand.class);

    @Mixin
    EmbeddedOptions embedded;

    @Mixin
    WarehouseOptions warehouse;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        if (warehouse.warehouse == WarehouseKind.SNOWFLAKE) {
            throw warehouse.usage("generate fills the embedded DuckDB or PostgreSQL; on snowflake the reports read its TPC-H sample data", "--warehouse");
        }
        Optional<PostgresConfig> postgres = warehouse.postgres();
        if (postgres.isPresent()) {
            new PostgresOrdersLoader(postgres.get(), embedded.threadsOrCores(), log::info).ensure(embedded.scale);
            log.info("TPC-H scale factor {} is ready in {}", embedded.scale, postgres.get().jdbcUrlForLogs());
            return 0;
        }
        Path file = new EmbeddedTpch(embedded.dataDir, embedded.threadsOrCores(), log::info).ensure(embedded.scale);
        log.info("TPC-H scale factor {} is ready in {}", embedded.scale, file);
        return 0;
    }
}
