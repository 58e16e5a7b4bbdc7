package dataapi.cli;

import dataapi.Await;
import dataapi.Http;
import dataapi.OrdersOracle;
import dataapi.ServerProcess;
import dataapi.TestData;
import dataapi.TestPostgres;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code dataapi serve} as a process of its own, with an environment and a class loader of its own. */
class ServeProcessTest {
    /** Without authentication, and with the built-in one and its file store. */
    @ParameterizedTest
    @ValueSource(strings = {"none", "builtin"})
    void theEmbeddedWarehouseLoadsNoSnowflakeSnowparkScalaOrJacksonDatabindClass(String auth, @TempDir Path dataDir) throws Exception {
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, List.of("-verbose:class"), "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString(), "--threads", "2", "--auth", auth);
        try {
            List<String> lines = ServerProcess.awaitReady(serve, log);
            List<String> loaded = lines.stream().filter(line -> line.startsWith("[") && line.contains("[class,load] ")).toList();
            // The check sees what is loaded: DuckDB's driver is.
            assertThat(loaded).anySatisfy(line -> assertThat(line).contains(" org.duckdb.DuckDBConnection "));
            assertThat(loaded).noneSatisfy(line -> assertThat(line)
                    .containsAnyOf(" net.snowflake.", " com.snowflake.", " scala.", " dataapi.warehouse.snowflake."));
            if (auth.equals("builtin")) {
                assertThat(lines).anySatisfy(line -> assertThat(line).contains("Users, roles and PATs from the file store"));
            }
            // Nor Jackson's data binding (its few hundred classes take about 6 MB of metaspace): the clients use it, the server need not.
            assertThat(loaded).noneSatisfy(line -> assertThat(line).contains(" com.fasterxml.jackson.databind."));
        } finally {
            ServerProcess.stop(serve);
        }
    }

    @Test
    void aMissingSnowflakeSettingIsOneLineNamingItAndExitCode2(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Process serve = start(Map.of("DATAAPI_WAREHOUSE", "snowflake", "SNOWFLAKE_ACCOUNT", "myorg-myaccount",
                "SNOWFLAKE_USER", "API_USER", "SNOWFLAKE_PASSWORD", "secret"), log, List.of(), "serve");
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(serve.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(log, UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("dataapi serve: SNOWFLAKE_WAREHOUSE is not set").doesNotContain("secret");
    }

    @Test
    void contradictorySnowflakeSettingsAreOneLineNamingThemAndExitCode2(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), "not used");
        Process serve = start(Map.of("SNOWFLAKE_ACCOUNT", "myorg-myaccount", "SNOWFLAKE_USER", "API_USER",
                "SNOWFLAKE_WAREHOUSE", "DATA_API_WH", "SNOWFLAKE_PASSWORD", "secret", "SNOWFLAKE_PRIVATE_KEY_FILE", key.toString()),
                log, List.of(), "serve", "--warehouse", "snowflake");
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(serve.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(log, UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY_FILE").doesNotContain("secret");
    }

    /**
     * With the container's JVM settings, serve sizes DuckDB from the memory budget -XX:MaxRAM sets.
     * In 256 MB, the heap's quarter and the 192 MB the rest of the process needs leave nothing, so
     * DuckDB gets its 32MB floor; in 1 GB, a quarter, 256MB. The test data (scale factor 0.01)
     * needs a thousandth of 32MB per connection, so the pool is one connection per DuckDB thread.
     */
    @ParameterizedTest
    @CsvSource({"256m, 2, 32MB", "1g, 3, 256MB"})
    void theContainersSettingsSizeDuckDbAndThePoolFromTheMemoryBudget(String maxRam, int threads, String duckDbLimit,
                                                                      @TempDir Path dataDir) throws Exception {
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, List.of("@" + Path.of("deploy", "jvm.args").toAbsolutePath(), "-XX:MaxRAM=" + maxRam),
                "serve", "--port", "0", "--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString(),
                "--threads", Integer.toString(threads));
        try {
            assertThat(ServerProcess.awaitReady(serve, log))
                    .anySatisfy(line -> assertThat(line).endsWith("DuckDB memory_limit " + duckDbLimit + ", pooled connections: " + threads));
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /**
     * Jetty keeps a cache of header lines per connection, about 100 KB once a browser's headers have
     * been seen twice; in the container's 64 MB heap a few hundred keep-alive clients ran it out of
     * memory. The server runs with the container's JVM settings here.
     */
    @Test
    void theContainersHeapHoldsAThousandKeepAliveBrowserConnections(@TempDir Path dataDir) throws Exception {
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, List.of("@" + Path.of("deploy", "jvm.args").toAbsolutePath()), "serve", "--port", "0",
                "--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString());
        List<Socket> clients = new ArrayList<>();
        try {
            URI base = ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log));
            for (int i = 0; i < 1000 && serve.isAlive(); i++) {
                Socket client = new Socket(base.getHost(), base.getPort());
                clients.add(client);
                for (int request = 0; request < 2; request++) {
                    assertThat(browserGet(client, base, "/healthz")).as("connection %d, request %d", i, request).startsWith("HTTP/1.1 200");
                }
            }
            assertThat(clients).hasSize(1000);
            try (Socket another = new Socket(base.getHost(), base.getPort())) {
                assertThat(browserGet(another, base, "/healthz")).startsWith("HTTP/1.1 200");
            }
            assertThat(serve.isAlive()).as("alive; its log ends: %s", ServerProcess.tail(log)).isTrue();
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            ServerProcess.stop(serve);
        }
    }

    /**
     * An endpoint declared without a LIMIT can ask for more than the container's 64 MB heap holds:
     * here about 50 MB of JSON, which used to stop the process (out of memory). The server refuses
     * answers longer than a 32nd of its heap and goes on.
     */
    @Test
    void theContainersHeapRefusesAnAnswerLongerThanItHoldsAndGoesOn(@TempDir Path dataDir) throws Exception {
        Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        Path endpoints = Files.writeString(dataDir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "everything", "title": "Everything", "path": "/everything", "parameters": [],
                  "sql": "SELECT o_orderkey, o_comment FROM orders CROSS JOIN range(40)",
                  "columns": [{"name": "O_ORDERKEY", "type": "integer"}, {"name": "O_COMMENT", "type": "string"}]}]}""");
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, List.of("@" + Path.of("deploy", "jvm.args").toAbsolutePath()), "serve", "--port", "0",
                "--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString(), "--endpoints", endpoints.toString());
        refusesTheLongAnswerAndGoesOn(serve, log);
    }

    /**
     * The same on PostgreSQL, whose driver reads a whole result into the heap before the first row unless
     * asked for rows a batch at a time: about 60 MB of JSON here, in the 64 MB heap.
     */
    @Test
    void theContainersHeapRefusesAnAnswerLongerThanItHoldsFromPostgresAndGoesOn(@TempDir Path dir) throws Exception {
        Path endpoints = Files.writeString(dir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "everything", "title": "Everything", "path": "/everything", "parameters": [],
                  "sql": "SELECT o_orderkey, o_comment FROM orders CROSS JOIN generate_series(1, 50)",
                  "columns": [{"name": "O_ORDERKEY", "type": "integer"}, {"name": "O_COMMENT", "type": "string"}]}]}""");
        Path log = dir.resolve("serve.log");
        try (TestPostgres postgres = new TestPostgres()) {
            postgres.loadOrders();
            Process serve = start(Map.of("DATAAPI_JDBC_PASSWORD", TestPostgres.PASSWORD), log, List.of("@" + Path.of("deploy", "jvm.args").toAbsolutePath()),
                    "serve", "--port", "0", "--warehouse", "postgres", "--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", TestPostgres.USER,
                    "--endpoints", endpoints.toString());
            refusesTheLongAnswerAndGoesOn(serve, log);
        }
    }

    /** Asks {@code serve}'s endpoint {@code /connector/everything} three times, expecting it refused as too long and the server alive. */
    private static void refusesTheLongAnswerAndGoesOn(Process serve, Path log) throws Exception {
        try {
            URI base = ServerProcess.baseUrl(ServerProcess.awaitReady(serve, log));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> everything = Http.get(base.getPort(), "/connector/everything");
                assertThat(everything.statusCode()).as("alive: %s; its log ends: %s", serve.isAlive(), ServerProcess.tail(log)).isEqualTo(400);
                assertThat(everything.body())
                        .isEqualTo("{\"error\":\"The answer is longer than 2 MB, the most this server sends; ask for fewer rows.\"}");
            }
            assertThat(Http.get(base.getPort(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(serve.isAlive()).isTrue();
            // Only the first read the rows; the others were refused at once, as the cache keeps that answer.
            List<String> answers = List.of();
            for (long deadline = System.nanoTime() + 5_000_000_000L; answers.size() < 3 && System.nanoTime() < deadline; Thread.sleep(50)) {
                answers = Files.readAllLines(log).stream().filter(line -> line.contains("\"path\":\"/connector/everything\"")).toList();
            }
            assertThat(answers).hasSize(3);
            assertThat(answers.get(0)).doesNotContain("\"query_ms\":null");
            assertThat(answers.subList(1, 3)).allSatisfy(line -> assertThat(line).contains("\"status\":400", "\"query_ms\":null"));
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /**
     * A first start listens at once and generates the data beside it: liveness answers, readiness
     * and the reports get 503 with Retry-After until the data is there, then 200. The test holds the
     * data directory's generation lock, as another generating process would, so the generation waits.
     */
    @Test
    void aFirstStartListensWhileItGeneratesAndAnswers503UntilTheDataIsThere(@TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("serve.log");
        Path endpoints = Files.writeString(dataDir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "orders_after", "title": "Orders After", "path": "/orders/after",
                  "parameters": [{"name": "key", "type": "integer", "min": 0, "example": "0"}],
                  "sql": "SELECT COUNT(*) AS n FROM orders WHERE o_orderkey > :key", "columns": [{"name": "N", "type": "integer"}]}]}""");
        FileChannel lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lockFile.lock();
        Process serve = start(Map.of(), log, List.of(), "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString(), "--threads", "2", "--endpoints", endpoints.toString());
        try {
            URI base;
            try (lockFile) {
                base = awaitListening(serve, log);
                assertThat(Http.get(base.getPort(), "/healthz").statusCode()).isEqualTo(200);
                for (String path : List.of("/readyz", "/connector/customers/top10", "/snowpark/clerk/000000001/yearly_sales/1995",
                        "/connector/orders/after?key=0")) {
                    HttpResponse<String> answer = Http.get(base.getPort(), path);
                    assertThat(answer.statusCode()).as(path).isEqualTo(503);
                    assertThat(answer.headers().firstValue("Retry-After")).as(path).hasValue("5");
                    assertThat(answer.body()).as(path).isEqualTo("{\"error\":\"The embedded data is being generated. Retry later.\"}");
                }
                assertThat(Files.readString(log)).doesNotContain("Ready in")
                        .as("the refusals are in the access log; the generation was announced once").doesNotContain("warehouse unavailable");
            }
            ServerProcess.awaitReady(serve, log);
            assertThat(Http.get(base.getPort(), "/readyz").statusCode()).isEqualTo(200);
            assertThat(Http.get(base.getPort(), "/connector/customers/top10").statusCode()).isEqualTo(200);
            // TPC-H has 1,500,000 orders per unit of scale factor.
            long orders = TestData.SCALE.value().multiply(BigDecimal.valueOf(1_500_000)).longValueExact();
            assertThat(Http.get(base.getPort(), "/connector/orders/after?key=0").body()).isEqualTo("[{\"N\":" + orders + "}]");
            assertThat(Files.readString(log)).as("the start checked the declared endpoint once the data was there, and no request again")
                    .doesNotContain("checked before its first query");
            assertThat(dataDir.resolve(TestData.database().getFileName())).isRegularFile();
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /**
     * A file of an earlier layout, whose record the check cannot even read, is generated again while
     * the server listens: neither the pool nor the check may keep it open, or the generation could
     * not open it with its own settings.
     */
    @Test
    void aFileOfAnEarlierLayoutIsGeneratedAgainWhileTheServerListens(@TempDir Path dataDir) throws Exception {
        Path file = Files.copy(TestData.database(), dataDir.resolve(TestData.database().getFileName()));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE dataapi_dataset DROP COLUMN layout");
        }
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, List.of(), "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString(), "--threads", "2");
        try {
            URI base = awaitListening(serve, log);
            // Asked while the generation runs: the pool opens nothing until the data is made.
            assertThat(Http.get(base.getPort(), "/connector/customers/top10").statusCode()).isEqualTo(503);
            List<String> lines = ServerProcess.awaitReady(serve, log);
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("Replacing " + file + ": it holds an earlier layout"));
            assertThat(Http.get(base.getPort(), "/connector/customers/top10").statusCode()).isEqualTo(200);
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /**
     * A generation that waited for another one's lock finds the file there but held by a process that
     * writes it: busy, as at a start, not a failure. The server serves it once it is free.
     */
    @Test
    void aFileHeldByAnotherProcessWhenTheGenerationLooksAgainIsServedOnceFree(@TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("serve.log");
        Path file = dataDir.resolve(TestData.database().getFileName());
        FileChannel lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lockFile.lock();
        Process serve = start(Map.of(), log, List.of(), "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString(), "--threads", "2");
        try {
            URI base = awaitListening(serve, log);
            // What another generator leaves, opened for writing by this process (another one to the server).
            Files.copy(TestData.database(), file);
            try (Connection writer = DriverManager.getConnection("jdbc:duckdb:" + file)) {
                lockFile.close();
                ServerProcess.awaitReady(serve, log);
                HttpResponse<String> ready = Http.get(base.getPort(), "/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                // Made, but not to be opened yet: no longer "being generated".
                assertThat(ready.body()).isEqualTo("{\"error\":\"The warehouse is not answering. Retry later.\"}");
                assertThat(serve.isAlive()).isTrue();
            }
            Await.until(() -> Http.status(base.getPort(), "/connector/customers/top10") == 200, "the file is served once it is free");
        } finally {
            lockFile.close();
            ServerProcess.stop(serve);
        }
    }

    /**
     * A port in use stops the start before any generation: here one would wait on the lock the test
     * holds. The metrics port in use stops it with the very line the API's port gives. That line is
     * all the log says besides the warning of the start without authentication: not Javalin's
     * "Failed to start Javalin" too.
     */
    @Test
    void aPortInUseStopsTheStartBeforeItGenerates(@TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("serve.log");
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock generationLock = lockFile.lock();
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            for (List<String> ports : List.of(List.of("--port", port), List.of("--port", "0", "--metrics-port", port))) {
                List<String> args = new ArrayList<>(List.of("serve", "--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString()));
                args.addAll(ports);
                Process serve = start(Map.of(), log, List.of(), args.toArray(String[]::new));
                try {
                    assertExitsWithCode1(serve, log, 60);
                    // Without each log line's time.
                    assertThat(Files.readAllLines(log).stream().map(line -> line.replaceFirst("^\\S+ (?=\\[[A-Z]+] )", ""))).as("%s", ports)
                            .containsExactly("[WARN] DataApi - *** AUTHENTICATION IS OFF (--auth none): anyone who can reach 127.0.0.1 can call every endpoint ***",
                                    "dataapi serve: cannot listen on 127.0.0.1 port " + port + ": Address already in use");
                } finally {
                    ServerProcess.stop(serve);
                }
            }
        }
    }

    /**
     * DATAAPI_METRICS_PORT=0 puts /metrics on a free port of its own, which the listening and ready
     * lines name; the API's port no longer serves it; a stop closes both ports.
     */
    @Test
    void theMetricsPortIsNamedInTheLogAndServesTheMetricsUntilTheStop(@TempDir Path dataDir) throws Exception {
        TestData.copyOfDatabase(dataDir);
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of("DATAAPI_METRICS_PORT", "0"), log, List.of(), "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString());
        try {
            List<String> lines = ServerProcess.awaitReady(serve, log);
            URI base = ServerProcess.baseUrl(lines);
            Matcher named = Pattern.compile("Ready in \\d+ ms: open \\S+/test; metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics$")
                    .matcher(String.join("\n", lines));
            assertThat(named.find()).as("the ready line names the metrics port: %s", lines).isTrue();
            int metricsPort = Integer.parseInt(named.group(1));
            assertThat(metricsPort).isNotEqualTo(base.getPort());
            HttpResponse<String> scrape = Http.get(metricsPort, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("jvm_memory_used_bytes{");
            assertThat(Http.get(base.getPort(), "/metrics").statusCode()).isEqualTo(404);

            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("exited; its log ends: %s", ServerProcess.tail(log)).isTrue();
            for (int port : List.of(base.getPort(), metricsPort)) {
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).as("port %d", port)
                        .isInstanceOf(ConnectException.class);
            }
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /**
     * A configuration file, named by --config or by DATAAPI_CONFIG, gives serve its port, data and declared endpoints, and
     * admin its data folder, which it takes from the same file, passing over serve's settings. A flag, or a variable, wins
     * over the file's threads (the pool has a connection per DuckDB thread). The log names the file, never its values.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void serveAndAdminTakeTheirSettingsFromOneConfigurationFile(boolean byVariable, @TempDir Path dir) throws Exception {
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        TestData.copyOfDatabase(dataDir);
        Path endpoints = Files.writeString(dir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "count", "title": "Count", "path": "/count", "parameters": [],
                  "sql": "SELECT COUNT(*) AS n FROM orders", "columns": [{"name": "N", "type": "integer"}]}]}""");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("dataapi.conf"), """
                # dataapi serve and admin
                port = %d
                scale = %s
                data-dir = %s
                endpoints = %s
                threads = 1
                """.formatted(port, TestData.SCALE, dataDir, endpoints));
        Map<String, String> environment = byVariable ? Map.of("DATAAPI_CONFIG", file.toString(), "DATAAPI_THREADS", "2") : Map.of();
        List<String> config = byVariable ? List.of() : List.of("--config", file.toString());
        List<String> serveArgs = new ArrayList<>(List.of("serve"));
        serveArgs.addAll(config);
        if (!byVariable) {
            serveArgs.addAll(List.of("--threads", "2"));
        }
        Path log = dir.resolve("serve.log");
        Process serve = start(environment, log, List.of(), serveArgs.toArray(String[]::new));
        try {
            List<String> lines = ServerProcess.awaitReady(serve, log);
            assertThat(ServerProcess.baseUrl(lines).getPort()).isEqualTo(port);
            // TPC-H has 1,500,000 orders per unit of scale factor.
            long orders = TestData.SCALE.value().multiply(BigDecimal.valueOf(1_500_000)).longValueExact();
            assertThat(Http.get(port, "/connector/count").body()).isEqualTo("[{\"N\":" + orders + "}]");
            assertThat(lines).anySatisfy(line -> assertThat(line).endsWith(", pooled connections: 2"));
            assertThat(lines).filteredOn(line -> line.contains("configuration file")).singleElement().asString()
                    .endsWith("ServeCommand - Read the configuration file " + file + "; took 4 of its settings");

            List<String> adminArgs = new ArrayList<>(List.of("admin"));
            adminArgs.addAll(config);
            adminArgs.addAll(List.of("role", "create", "analyst"));
            Path adminLog = dir.resolve("admin.log");
            Process admin = start(environment, adminLog, List.of(), adminArgs.toArray(String[]::new));
            assertThat(admin.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.exitValue()).as(Files.readString(adminLog)).isZero();
            assertThat(dataDir.resolve("auth").resolve("auth.json")).as("the store in the file's data folder").isRegularFile();
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /** A generation that fails ends the server with exit code 1 and one line, as a failed start does. */
    @Test
    void aGenerationThatFailsEndsTheServerWithExitCode1AndOneLine(@TempDir Path dataDir) throws Exception {
        // The generation lock cannot be taken on a directory.
        Path lock = Files.createDirectory(dataDir.resolve(".lock"));
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, List.of(), "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString());
        try {
            assertExitsWithCode1(serve, log, 60).last().asString().contains(lock.toString());
            assertThat(Files.readAllLines(log)).anySatisfy(line -> assertThat(line).contains("Listening on http://127.0.0.1:"));
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /** A declared endpoint that does not fit the generated data ends the server, as it stops a start on data that is there. */
    @Test
    void aDeclaredEndpointThatDoesNotFitTheGeneratedDataEndsTheServer(@TempDir Path dataDir) throws Exception {
        Path endpoints = Files.writeString(dataDir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "misdeclared", "title": "Misdeclared", "path": "/misdeclared", "parameters": [],
                  "sql": "SELECT o_no_such_column FROM orders",
                  "columns": [{"name": "O_NO_SUCH_COLUMN", "type": "integer"}]}]}""");
        Path log = dataDir.resolve("serve.log");
        Process serve = start(Map.of(), log, List.of(), "serve", "--port", "0", "--scale", TestData.SCALE.toString(),
                "--data-dir", dataDir.toString(), "--threads", "2", "--endpoints", endpoints.toString());
        try {
            assertExitsWithCode1(serve, log, 90).last().asString().contains("endpoint misdeclared: the warehouse refused its SQL");
            assertThat(dataDir.resolve(TestData.database().getFileName())).as("the data stays").isRegularFile();
        } finally {
            ServerProcess.stop(serve);
        }
    }

    /**
     * Stopped while it generates, the server exits at once, with no failure line. With a metrics
     * port, the listening line names it too, and its probes say the data is being generated.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aServerStoppedWhileItGeneratesExitsAtOnce(boolean metricsPort, @TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("serve.log");
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--scale", TestData.SCALE.toString(), "--data-dir", dataDir.toString()));
        if (metricsPort) {
            args.addAll(List.of("--metrics-port", "0"));
        }
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock generationLock = lockFile.lock()) {
            Process serve = start(Map.of(), log, List.of(), args.toArray(String[]::new));
            try {
                URI base = awaitListening(serve, log);
                if (metricsPort) {
                    Matcher named = Pattern.compile("Listening on \\S+; metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics; requests for data get 503")
                            .matcher(Files.readString(log, UTF_8));
                    assertThat(named.find()).as("the listening line names the metrics port: %s", ServerProcess.tail(log)).isTrue();
                    int port = Integer.parseInt(named.group(1));
                    HttpResponse<String> ready = Http.get(port, "/readyz");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).isEqualTo("{\"error\":\"The embedded data is being generated. Retry later.\"}");
                    assertThat(Http.get(port, "/metrics").statusCode()).isEqualTo(200);
                    assertThat(Http.get(base.getPort(), "/metrics").statusCode()).isEqualTo(404);
                }
                serve.destroy();
                assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("exited; its log ends: %s", ServerProcess.tail(log)).isTrue();
                assertThat(serve.exitValue()).isEqualTo(143);
                assertThat(Files.readAllLines(log)).noneSatisfy(line -> assertThat(line).startsWith("dataapi serve: "));
            } finally {
                serve.destroyForcibly();
            }
        }
    }

    /**
     * A warehouse that refuses the login at start, when the reports and declared endpoints are checked
     * through the pool: the log names the warehouse's reason, not only the pool's timeout. Each report's
     * first request checks it: refused while ORDERS is not there, answered once it is.
     */
    @Test
    void aWarehouseThatRefusesTheLoginAtStartIsNamedInTheLog(@TempDir Path dir) throws Exception {
        Path endpoints = Files.writeString(dir.resolve("endpoints.json"), """
                {"endpoints": [{"id": "count", "title": "Count", "path": "/count", "parameters": [],
                  "sql": "SELECT COUNT(*) AS n FROM orders", "columns": [{"name": "N", "type": "integer"}]}]}""");
        Path log = dir.resolve("serve.log");
        try (TestPostgres postgres = TestPostgres.notCreatedYet()) {
            // The password in the URL, as pgjdbc takes it: the log names the URL without it.
            Process serve = start(Map.of(), log, List.of(), "serve", "--port", "0", "--warehouse", "postgres",
                    "--jdbc-url", postgres.jdbcUrl() + "?password=" + TestPostgres.PASSWORD, "--jdbc-user", TestPostgres.USER, "--pool-wait", "1s",
                    "--endpoints", endpoints.toString());
            try {
                List<String> lines = ServerProcess.awaitLine(serve, log, "Started without the warehouse in ");
                assertThat(lines).anySatisfy(line -> assertThat(line).contains(postgres.jdbcUrl() + "?password=***"));
                assertThat(lines).anySatisfy(line -> assertThat(line)
                        .contains("is unreachable; refusing queries", "database \"" + postgres.database() + "\" does not exist"));
                // A server whose warehouse does not answer is not said to be ready.
                assertThat(lines).noneSatisfy(line -> assertThat(line).contains("Ready in"));
                // Nor does the memory line speak of a DuckDB that is not there.
                assertThat(lines).anySatisfy(line -> assertThat(line).contains("Memory: Java heap up to"))
                        .noneSatisfy(line -> assertThat(line).contains("DuckDB"));

                // A report asked before its table is there fails, as any query the warehouse refuses, and is not run again.
                postgres.create();
                int port = ServerProcess.baseUrl(lines).getPort();
                Await.until(() -> Http.status(port, "/readyz") == 200, "the warehouse is reachable");
                HttpResponse<String> clerk = Http.get(port, "/snowpark/clerk/1/yearly_sales/1995");
                assertThat(clerk.statusCode()).isEqualTo(500);
                assertThat(clerk.body()).isEqualTo("{\"error\":\"Error reading from the warehouse. Check the logs for details.\"}");
                assertThat(Files.readString(log)).contains("report clerk_yearly_sales over table orders (--orders-table, DATAAPI_ORDERS_TABLE):"
                        + " the warehouse refused its SQL: ERROR: relation \"orders\" does not exist; its requests get 500 until the table is"
                        + " corrected and the server started again");

                postgres.loadOrders();
                HttpResponse<String> top10 = Http.get(port, "/connector/customers/top10");
                assertThat(top10.statusCode()).isEqualTo(200);
                assertThat(top10.body()).isEqualTo(OrdersOracle.json(new OrdersOracle(TestData.SCALE.asDouble())
                        .top10(LocalDate.parse("1995-01-01"), LocalDate.parse("1995-03-31"))));
                assertThat(Files.readString(log)).contains("report customers_top10 over table orders (--orders-table, DATAAPI_ORDERS_TABLE)"
                        + " checked before its first query");
                assertThat(Files.readString(log)).doesNotContain("password=" + TestPostgres.PASSWORD);
            } finally {
                ServerProcess.stop(serve);
            }
        }
    }

    /**
     * A PostgreSQL table the reports' SQL does not fit stops the start with exit code 1 and one line that names the
     * report, the table and the setting that names it, and what does not fit: a table that is not there, or whose
     * o_totalprice is a double, which the reports' sums of money cannot be written from, or whose o_custkey is text,
     * each named with the report's column it makes.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orders | | the warehouse refused its SQL: ERROR: relation \"orders\" does not exist",
            "prices | --orders-table=prices | column SUM_TOTALPRICE (the sum of o_totalprice) is money, but the SQL returns float8",
            "keys   | --orders-table=keys   | column O_CUSTKEY (o_custkey) is integer, but the SQL returns text",
    })
    void aTableTheReportsDoNotFitStopsTheStartInOneLine(String table, String flag, String unfit, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        try (TestPostgres postgres = new TestPostgres()) {
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                // TPC-H's ORDERS but for o_totalprice, under another name than the default.
                statement.execute("CREATE TABLE prices (o_orderkey BIGINT, o_custkey BIGINT, o_totalprice DOUBLE PRECISION, o_orderdate DATE,"
                        + " o_clerk CHAR(15))");
                // And but for o_custkey.
                statement.execute("CREATE TABLE keys (o_orderkey BIGINT, o_custkey TEXT, o_totalprice DECIMAL(15, 2), o_orderdate DATE,"
                        + " o_clerk CHAR(15))");
            }
            List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--warehouse", "postgres", "--jdbc-url", postgres.jdbcUrl(),
                    "--jdbc-user", TestPostgres.USER));
            if (flag != null) {
                args.add(flag);
            }
            Process serve = start(Map.of("DATAAPI_JDBC_PASSWORD", TestPostgres.PASSWORD), log, List.of(), args.toArray(String[]::new));
            try {
                assertExitsWithCode1(serve, log, 60).singleElement().asString().startsWith("dataapi serve: report customers_top10 over table "
                        + table + " (--orders-table, DATAAPI_ORDERS_TABLE): " + unfit);
                assertThat(Files.readString(log)).as("no stack trace").doesNotContain("\tat ", "Exception");
            } finally {
                ServerProcess.stop(serve);
            }
        }
    }

    /** Waits for the server to exit with code 1; its lines of failure, which must be one. */
    private static ListAssert<String> assertExitsWithCode1(Process serve, Path log, int seconds) throws Exception {
        assertThat(serve.waitFor(seconds, TimeUnit.SECONDS)).as("exited; its log ends: %s", ServerProcess.tail(log)).isTrue();
        assertThat(serve.exitValue()).isEqualTo(1);
        ListAssert<String> failures = assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("dataapi serve: "));
        failures.hasSize(1);
        return failures;
    }

    /** Waits up to 60 s for the line a server generating its data prints once it listens; the address it names. */
    private static URI awaitListening(Process serve, Path log) throws Exception {
        Pattern listening = Pattern.compile("Listening on (\\S+);");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Matcher found = listening.matcher(Files.readString(log, UTF_8));
            if (found.find()) {
                return URI.create(found.group(1));
            }
            assertThat(serve.isAlive() && System.nanoTime() < deadline).as("listening; its log ends: %s", ServerProcess.tail(log)).isTrue();
            Thread.sleep(50);
        }
    }

    /** A GET with the headers a browser sends, on a kept-alive connection; the status line and headers of the answer. */
    private static String browserGet(Socket client, URI base, String path) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + base.getAuthority() + "\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n"
                + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
                + "Accept-Language: en-US,en;q=0.9\r\n"
                + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                + "Sec-Fetch-Mode: navigate\r\n"
                + "\r\n";
        client.getOutputStream().write(request.getBytes(US_ASCII));
        InputStream in = client.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        assertThat(length.find()).as("a Content-Length in %s", head).isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
        return head.toString();
    }

    /** The server on the test's own class path. */
    private static Process start(Map<String, String> environment, Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.addAll(List.of("-cp", System.getProperty("java.class.path"), "dataapi.Main"));
        return ServerProcess.start(launch, environment, log, List.of(args));
    }
}
