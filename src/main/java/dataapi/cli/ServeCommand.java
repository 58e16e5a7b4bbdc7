package dataapi.cli;

import dataapi.DataApi;
import dataapi.config.AccessConfig;
import dataapi.config.EmbeddedConfig;
import dataapi.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code dataapi serve}: the HTTP server, on the embedded TPC-H warehouse. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the data API; generates the embedded TPC-H data first when it is missing.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", converter = Converters.Port.class,
            defaultValue = "${env:DATAAPI_PORT:-8001}",
            description = "Port to listen on; 0 picks a free one (env DATAAPI_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:DATAAPI_HOST:-127.0.0.1}",
            description = "Address to listen on; 0.0.0.0 for all (env DATAAPI_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    EmbeddedOptions embedded;

    @Option(names = "--memory-limit", paramLabel = "SIZE", converter = Converters.MemorySize.class, defaultValue = "${env:DATAAPI_MEMORY_LIMIT:-64MB}",
            description = "DuckDB's buffer pool limit while serving (env DATAAPI_MEMORY_LIMIT, default ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Option(names = "--pool-size", paramLabel = "N", converter = Converters.AtLeastOne.class,
            defaultValue = "${env:DATAAPI_POOL_SIZE:-4}",
            description = "Most warehouse connections at once (env DATAAPI_POOL_SIZE, default ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--pool-wait", paramLabel = "DURATION", converter = Converters.Wait.class,
            defaultValue = "${env:DATAAPI_POOL_WAIT:-5s}",
            description = "How long a request waits for a warehouse connection before 503 (env DATAAPI_POOL_WAIT, default ${DEFAULT-VALUE}).")
    Duration poolWait;

    @Mixin
    AccessOptions access;

    @Mixin
    AuthStoreOptions authStore;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AccessConfig accessConfig;
        try {
            accessConfig = access.toConfig(authStore, embedded.dataDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ServerConfig config = new ServerConfig(host, port,
                new EmbeddedConfig(embedded.dataDir, embedded.scale, memoryLimit, embedded.threadsOrCores()),
                poolSize, poolWait, accessConfig);
        DataApi api = DataApi.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                api.close();
            } catch (Exception e) {
                System.err.println("dataapi serve: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
