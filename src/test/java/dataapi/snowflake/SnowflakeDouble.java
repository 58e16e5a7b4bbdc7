package dataapi.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dataapi.warehouse.DuckDbConnections;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A stand-in for Snowflake's HTTP query protocol, for the real Snowflake JDBC driver (and Snowpark,
 * which runs on it) to talk to over plain HTTP: login, query, heartbeat, token renewal, session close
 * and telemetry. Each query's SQL text is run, with its bound values, on an in-memory DuckDB that
 * holds {@code SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS} copied from a TPC-H DuckDB file, and the
 * rows are sent back as Snowflake's JSON rowset. It records every login and every SQL text it
 * received, so that tests can check what the clients sent. Queries of ORDERS can be made slow; then
 * a cancel ends them, and so does the session's STATEMENT_TIMEOUT_IN_SECONDS, sent with its login,
 * with Snowflake's errors. A query that meets a value it cannot convert, or a number out of its type's
 * range, as it runs fails as Snowflake's data exceptions do, with their SQLSTATE. Logins can be held
 * unanswered, as by a host that takes a request and hangs.
 */
public final class SnowflakeDouble implements AutoCloseable {
    public static final String ORDERS = "SNOWFLAKE_SAMPLE_DATA.TPCH_SF10.ORDERS";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALTER_SESSION = Pattern.compile("(?is)\\s*alter\\s+session\\s+(un)?set\\s.*");
    private static final Pattern SHOW_PARAMETER = Pattern.compile("(?is)\\s*show\\s+parameters\\s+like\\s+'([a-z_]+)'\\s*");
    private static final Pattern CANCEL_ALL_QUERIES = Pattern.compile("(?is)\\s*select\\s+system\\$cancel_all_queries\\(\\d+\\)\\s*");
    /** Snowflake reads a table name in parentheses as the table; DuckDB does not. */
    private static final Pattern PARENTHESIZED_TABLE = Pattern.compile("(?i)\\bFROM\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_$]*(?:\\.[A-Za-z_][A-Za-z0-9_$]*)*)\\s*\\)");
    /** The session parameters clients ask for with SHOW PARAMETERS, at Snowflake's defaults. */
    private static final Map<String, String> SESSION_PARAMETERS = Map.of(
            "SNOWPARK_LAZY_ANALYSIS", "true",
            "QUERY_TAG", "",
            "TIMEZONE", "America/Los_Angeles");
    private static final Pattern AUTHORIZATION = Pattern.compile("Snowflake Token=\"([^\"]+)\"");
    /** Snowflake's default STATEMENT_TIMEOUT_IN_SECONDS: two days. */
    private static final long DEFAULT_STATEMENT_TIMEOUT_SECONDS = 172_800;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final DuckDBConnection database;
    private final Predicate<JsonNode> acceptLogin;
    /** Each open session's token and statement timeout. */
    private final Map<String, Duration> openSessions = new ConcurrentHashMap<>();
    private volatile Duration ordersQueryTime = Duration.ZERO;
    private volatile boolean ordersDivideByZero;
    /** Open while logins are answered; login requests wait for it. */
    private volatile CountDownLatch loginsAnswered = new CountDownLatch(0);
    private final AtomicInteger loginsHeld = new AtomicInteger();
    /** The slow query each session is running, released early by a cancel. */
    private final Map<String, CountDownLatch> slowQueries = new ConcurrentHashMap<>();
    private final List<JsonNode> logins = new CopyOnWriteArrayList<>();
    private final List<String> sqlTexts = new CopyOnWriteArrayList<>();
    private final List<JsonNode> bindings = new CopyOnWriteArrayList<>();
    private final List<String> unknownRequests = new CopyOnWriteArrayList<>();

    /**
     * @param tpch a DuckDB file holding TPC-H's {@code orders} table
     * @param acceptLogin decides from the login request's {@code data} whether the credentials are right
     */
    public SnowflakeDouble(Path tpch, Predicate<JsonNode> acceptLogin) throws Exception {
        this.acceptLogin = acceptLogin;
        // DuckDB's own driver: DriverManager would load Snowflake's driver too, before the server configures its logging.
        this.database = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        copyOrders(tpch);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Copies ORDERS through a Parquet file: the source file may be open in this process with other
     * settings, which DuckDB does not allow for a second attach.
     */
    private void copyOrders(Path tpch) throws Exception {
        Path parquet = Files.createTempFile("orders", ".parquet");
        try {
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            readOnly.setProperty("memory_limit", "64MB");
            readOnly.setProperty("threads", "2");
            try (Connection source = DuckDbConnections.connect(tpch, readOnly);
                 Statement statement = source.createStatement()) {
                statement.execute("COPY orders TO '" + parquet + "' (FORMAT parquet)");
            }
            try (Statement statement = database.createStatement()) {
                statement.execute("ATTACH ':memory:' AS snowflake_sample_data");
                statement.execute("CREATE SCHEMA snowflake_sample_data.tpch_sf10");
                statement.execute("CREATE TABLE " + ORDERS + " AS SELECT * FROM read_parquet('" + parquet + "')");
            }
        } finally {
            Files.deleteIfExists(parquet);
        }
    }

    /**
     * Runs the double by itself, for measuring or trying the server on {@code --warehouse snowflake}:
     * {@code SnowflakeDouble TPCH_DUCKDB_FILE USER PASSWORD}; prints its port and serves until killed.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SnowflakeDouble TPCH_DUCKDB_FILE USER PASSWORD");
            System.exit(2);
        }
        SnowflakeDouble snowflake = new SnowflakeDouble(Path.of(args[0]),
                login -> login.path("LOGIN_NAME").asText().equals(args[1]) && login.path("PASSWORD").asText().equals(args[2]));
        System.out.println(snowflake.port());
        Thread.currentThread().join();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The {@code data} of every login request, in order. */
    public List<JsonNode> logins() {
        return List.copyOf(logins);
    }

    /** Every SQL text received, in order. */
    public List<String> sqlTexts() {
        return List.copyOf(sqlTexts);
    }

    /** The bindings of every query received, in order, as the driver sent them: {"1": {"type": "TEXT", "value": "F"}, ...}. */
    public List<JsonNode> bindings() {
        return List.copyOf(bindings);
    }

    /** Requests for paths this double does not know, as "METHOD path". */
    public List<String> unknownRequests() {
        return List.copyOf(unknownRequests);
    }

    /** From now on every query that reads ORDERS takes {@code time}, unless its session's statement timeout is shorter. */
    public void takeForQueriesOfOrders(Duration time) {
        ordersQueryTime = time;
    }

    /** From now on, while {@code divide} holds, every query that reads ORDERS fails as it runs as Snowflake's division by zero does. */
    public void divideByZeroInQueriesOfOrders(boolean divide) {
        ordersDivideByZero = divide;
    }

    /** From now on, until {@link #answerLogins()}, login requests are taken and not answered, as by a host that hangs. */
    public void holdLogins() {
        loginsAnswered = new CountDownLatch(1);
    }

    /** How many login requests are held unanswered now. */
    public int loginsHeld() {
        return loginsHeld.get();
    }

    /** Answers the login requests held, and those to come. */
    public void answerLogins() {
        loginsAnswered.countDown();
    }

    /** Runs {@code sql} on the double's database, as its owner would on Snowflake: a table made or dropped behind the server's back. */
    public void execute(String sql) throws SQLException {
        try (Statement statement = database.createStatement()) {
            statement.execute(sql);
        }
    }

    /** How many sessions are logged in and not closed. */
    public int openSessions() {
        return openSessions.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = readBody(exchange);
            ObjectNode answer = switch (path) {
                case "/session/v1/login-request" -> {
                    loginsHeld.incrementAndGet();
                    try {
                        awaitInterruptibly(loginsAnswered);
                    } finally {
                        loginsHeld.decrementAndGet();
                    }
                    yield login(exchange, body);
                }
                case "/queries/v1/query-request" -> withSession(exchange, session -> query(session, body));
                case "/queries/v1/abort-request" -> withSession(exchange, session -> {
                    cancelSlowQuery(session);
                    return success(null);
                });
                case "/session/heartbeat" -> withSession(exchange, session -> success(null));
                case "/session/token-request" -> withSession(exchange, session -> renew(exchange, session));
                case "/session" -> withSession(exchange, session -> {
                    openSessions.remove(session);
                    return success(null);
                });
                case "/telemetry/send" -> success(null);
                default -> {
                    unknownRequests.add(exchange.getRequestMethod() + " " + path);
                    exchange.sendResponseHeaders(404, -1);
                    yield null;
                }
            };
            if (answer != null) {
                byte[] bytes = JSON.writeValueAsBytes(answer);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private static void awaitInterruptibly(CountDownLatch latch) throws IOException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the double is closing", e);
        }
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    private ObjectNode login(HttpExchange exchange, JsonNode body) {
        JsonNode data = body.path("data");
        logins.add(data);
        if (!acceptLogin.test(data)) {
            return failure("390100", "Incorrect username or password was specified.", null);
        }
        String sessionToken = "session-" + UUID.randomUUID();
        Map<String, String> query = queryParameters(exchange);
        openSessions.put(sessionToken, Duration.ofSeconds(data.path("SESSION_PARAMETERS")
                .path("STATEMENT_TIMEOUT_IN_SECONDS").asLong(DEFAULT_STATEMENT_TIMEOUT_SECONDS)));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("token", sessionToken);
        answer.put("masterToken", "master-" + UUID.randomUUID());
        answer.put("validityInSeconds", 3600);
        answer.put("masterValidityInSeconds", 14400);
        answer.put("displayUserName", data.path("LOGIN_NAME").asText());
        answer.put("serverVersion", "9.0.0");
        answer.put("firstLogin", false);
        answer.putNull("remMeToken");
        answer.put("remMeValidityInSeconds", 0);
        answer.put("healthCheckInterval", 45);
        answer.putNull("newClientForUpgrade");
        answer.put("sessionId", Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        ObjectNode autocommit = answer.putArray("parameters").addObject();
        autocommit.put("name", "AUTOCOMMIT");
        autocommit.put("value", true);
        ObjectNode sessionInfo = answer.putObject("sessionInfo");
        sessionInfo.put("databaseName", query.getOrDefault("databaseName", null));
        sessionInfo.put("schemaName", query.getOrDefault("schemaName", null));
        sessionInfo.put("warehouseName", query.getOrDefault("warehouse", null));
        sessionInfo.put("roleName", "PUBLIC");
        answer.putNull("idToken");
        return success(answer);
    }

    /** Takes the slow queries' time, or less: null when done, else Snowflake's answer to a timeout or a cancel. */
    private ObjectNode runSlowly(String session, String queryId) throws InterruptedException {
        Duration timeout = openSessions.get(session);
        boolean timesOut = ordersQueryTime.compareTo(timeout) > 0;
        CountDownLatch cancel = new CountDownLatch(1);
        slowQueries.put(session, cancel);
        try {
            boolean cancelled = cancel.await((timesOut ? timeout : ordersQueryTime).toMillis(), TimeUnit.MILLISECONDS);
            if (cancelled) {
                return queryFailure(queryId, "000604", "57014", "SQL execution canceled");
            }
            return timesOut ? queryFailure(queryId, "000630", "57014", "Statement reached its statement or warehouse timeout of "
                    + timeout.toSeconds() + " second(s) and was canceled.") : null;
        } finally {
            slowQueries.remove(session, cancel);
        }
    }

    /** A query's failure as Snowflake sends it: the driver takes the error code and the SQLSTATE from the data. */
    private static ObjectNode queryFailure(String queryId, String code, String sqlState, String message) {
        ObjectNode data = JSON.createObjectNode();
        data.put("queryId", queryId);
        data.put("sqlState", sqlState);
        data.put("errorCode", code);
        return failure(code, message, data);
    }

    private void cancelSlowQuery(String session) {
        CountDownLatch running = slowQueries.get(session);
        if (running != null) {
            running.countDown();
        }
    }

    private ObjectNode renew(HttpExchange exchange, String session) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("sessionToken", session);
        answer.put("validityInSecondsST", 3600);
        answer.put("masterToken", "master-" + UUID.randomUUID());
        answer.put("validityInSecondsMT", 14400);
        answer.put("sessionId", 1);
        return success(answer);
    }

    private interface SessionAction {
        ObjectNode run(String session) throws Exception;
    }

    /** Runs {@code action} when the request carries the token of an open session, as Snowflake requires. */
    private ObjectNode withSession(HttpExchange exchange, SessionAction action) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher matcher = header == null ? null : AUTHORIZATION.matcher(header);
        if (matcher == null || !matcher.matches() || !openSessions.containsKey(matcher.group(1))) {
            return failure("390112", "Your session has expired. Please login again.", null);
        }
        try {
            return action.run(matcher.group(1));
        } catch (Exception e) {
            return failure("000603", "the double failed: " + e.getMessage(), null);
        }
    }

    private ObjectNode query(String session, JsonNode body) throws SQLException, InterruptedException {
        String sql = body.path("sqlText").asText();
        sqlTexts.add(sql);
        String queryId = UUID.randomUUID().toString();
        if (ALTER_SESSION.matcher(sql).matches()) {
            return statusResult(queryId, 0x4100);
        }
        if (CANCEL_ALL_QUERIES.matcher(sql).matches()) {
            cancelSlowQuery(session);
            return textResult(queryId, 0x1000, List.of("SYSTEM$CANCEL_ALL_QUERIES"), List.of(List.of("0 queries were canceled.")));
        }
        Matcher showParameter = SHOW_PARAMETER.matcher(sql);
        if (showParameter.matches()) {
            return parameterResult(queryId, showParameter.group(1).toUpperCase(Locale.ROOT));
        }
        if (sql.toUpperCase(Locale.ROOT).contains(ORDERS) && !ordersQueryTime.isZero()) {
            ObjectNode failure = runSlowly(session, queryId);
            if (failure != null) {
                return failure;
            }
        }
        if (sql.toUpperCase(Locale.ROOT).contains(ORDERS) && ordersDivideByZero && !body.path("describeOnly").asBoolean()) {
            return queryFailure(queryId, "100051", "22012", "Division by zero");
        }
        try (Connection connection = database.duplicate();
             PreparedStatement statement = connection.prepareStatement(PARENTHESIZED_TABLE.matcher(sql).replaceAll("FROM $1"))) {
            JsonNode bindings = body.path("bindings");
            this.bindings.add(bindings);
            for (Iterator<Map.Entry<String, JsonNode>> it = bindings.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> binding = it.next();
                bind(statement, Integer.parseInt(binding.getKey()), binding.getValue());
            }
            ObjectNode data = JSON.createObjectNode();
            data.put("queryId", queryId);
            data.put("queryResultFormat", "json");
            data.put("statementTypeId", 0x1000);
            data.put("version", 1);
            data.put("numberOfBinds", statement.getParameterMetaData().getParameterCount());
            data.put("arrayBindSupported", false);
            data.putArray("parameters");
            ArrayNode rowset = data.putArray("rowset");
            if (body.path("describeOnly").asBoolean()) {
                describe(data.putArray("rowtype"), statement.getMetaData());
            } else {
                ResultSet ran;
                try {
                    ran = statement.executeQuery();
                } catch (SQLException e) {
                    Optional<ObjectNode> refused = dataException(queryId, e);
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                    throw e;
                }
                try (ResultSet rows = ran) {
                    ResultSetMetaData meta = rows.getMetaData();
                    describe(data.putArray("rowtype"), meta);
                    while (rows.next()) {
                        ArrayNode row = rowset.addArray();
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            row.add(value(rows, column, meta.getColumnType(column)));
                        }
                    }
                }
            }
            data.put("total", rowset.size());
            data.put("returned", rowset.size());
            return success(data);
        } catch (SQLException e) {
            ObjectNode data = JSON.createObjectNode();
            data.put("queryId", queryId);
            data.put("sqlState", "42000");
            data.put("errorCode", "001003");
            return failure("001003", "SQL compilation error: " + e.getMessage(), data);
        }
    }

    /**
     * A failure of a query as it ran that Snowflake sends as a data exception, with its SQLSTATE and error code, as
     * Snowflake's own of the same kind: a number out of its type's range (100046, 22003), or a value that does
     * not convert (100038, 22018, Snowflake's for text that is no number). The message is DuckDB's.
     */
    private static Optional<ObjectNode> dataException(String queryId, SQLException e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if (message.startsWith("Out of Range Error:")) {
            return Optional.of(queryFailure(queryId, "100046", "22003", message));
        }
        if (message.startsWith("Conversion Error:")) {
            return Optional.of(queryFailure(queryId, "100038", "22018", message));
        }
        return Optional.empty();
    }

    /** Snowflake sends bound values as text, typed by name; dates as milliseconds since the epoch. */
    private static void bind(PreparedStatement statement, int index, JsonNode binding) throws SQLException {
        String type = binding.path("type").asText();
        String value = binding.path("value").isNull() ? null : binding.path("value").asText();
        if (value == null) {
            statement.setObject(index, null);
            return;
        }
        switch (type) {
            case "TEXT" -> statement.setString(index, value);
            case "FIXED" -> statement.setBigDecimal(index, new BigDecimal(value));
            case "REAL" -> statement.setDouble(index, Double.parseDouble(value));
            case "BOOLEAN" -> statement.setBoolean(index, Boolean.parseBoolean(value));
            case "DATE" -> statement.setObject(index, LocalDate.ofEpochDay(Math.floorDiv(Long.parseLong(value), 86_400_000L)));
            default -> throw new SQLException("the double cannot bind a " + type);
        }
    }

    private static void describe(ArrayNode rowtype, ResultSetMetaData meta) throws SQLException {
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            ObjectNode node = rowtype.addObject();
            node.put("name", meta.getColumnLabel(column).toUpperCase(Locale.ROOT));
            node.put("database", "");
            node.put("schema", "");
            node.put("table", "");
            node.put("nullable", true);
            node.putNull("collation");
            switch (meta.getColumnType(column)) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC -> fixed(node, 38, 0);
                case Types.DECIMAL -> fixed(node, meta.getPrecision(column), meta.getScale(column));
                case Types.VARCHAR -> {
                    node.put("type", "text");
                    node.put("length", 16_777_216);
                    node.put("byteLength", 16_777_216);
                }
                case Types.DATE -> node.put("type", "date");
                // DuckDB's TIMESTAMP and TIMESTAMPTZ: a wall-clock time and a moment, as NTZ and LTZ are.
                case Types.TIMESTAMP -> timestamp(node, "timestamp_ntz");
                case Types.TIMESTAMP_WITH_TIMEZONE -> timestamp(node, "timestamp_ltz");
                case Types.DOUBLE, Types.FLOAT, Types.REAL -> node.put("type", "real");
                case Types.BOOLEAN -> node.put("type", "boolean");
                default -> throw new SQLException("the double cannot return a " + meta.getColumnTypeName(column));
            }
        }
    }

    private static void timestamp(ObjectNode node, String type) {
        node.put("type", type);
        node.put("precision", 0);
        node.put("scale", 9);
    }

    private static void fixed(ObjectNode node, int precision, int scale) {
        node.put("type", "fixed");
        node.put("precision", precision);
        node.put("scale", scale);
    }

    /**
     * A value as Snowflake's JSON rowset writes it: text, numbers in plain notation, dates as days since
     * the epoch, timestamps as seconds since it with nine decimals, of a wall-clock time (NTZ) counted as
     * UTC or of a moment (LTZ).
     */
    private static String value(ResultSet rows, int column, int type) throws SQLException {
        Object value = rows.getObject(column);
        if (value == null) {
            return null;
        }
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL ->
                    rows.getBigDecimal(column).toPlainString();
            case Types.DATE -> Long.toString(rows.getObject(column, LocalDate.class).toEpochDay());
            case Types.BOOLEAN -> rows.getBoolean(column) ? "1" : "0";
            case Types.TIMESTAMP -> seconds(rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC));
            case Types.TIMESTAMP_WITH_TIMEZONE -> seconds(rows.getObject(column, OffsetDateTime.class).toInstant());
            default -> rows.getString(column);
        };
    }

    private static String seconds(Instant moment) {
        return BigDecimal.valueOf(moment.getEpochSecond()).add(BigDecimal.valueOf(moment.getNano(), 9)).toPlainString();
    }

    private static ObjectNode statusResult(String queryId, int statementType) {
        return textResult(queryId, statementType, List.of("status"), List.of(List.of("Statement executed successfully.")));
    }

    /** SHOW PARAMETERS LIKE: one row for a known parameter, none otherwise. */
    private static ObjectNode parameterResult(String queryId, String name) {
        String value = SESSION_PARAMETERS.get(name);
        List<List<String>> rows = value == null ? List.of() : List.of(List.of(name, value, value, "", "", "STRING"));
        return textResult(queryId, 0x4400, List.of("key", "value", "default", "level", "description", "type"), rows);
    }

    private static ObjectNode textResult(String queryId, int statementType, List<String> columns, List<List<String>> rows) {
        ObjectNode data = JSON.createObjectNode();
        data.put("queryId", queryId);
        data.put("queryResultFormat", "json");
        data.put("statementTypeId", statementType);
        data.putArray("parameters");
        ArrayNode rowtype = data.putArray("rowtype");
        for (String column : columns) {
            ObjectNode node = rowtype.addObject();
            node.put("name", column);
            node.put("type", "text");
            node.put("length", 16_777_216);
            node.put("nullable", true);
        }
        ArrayNode rowset = data.putArray("rowset");
        for (List<String> row : rows) {
            ArrayNode values = rowset.addArray();
            row.forEach(values::add);
        }
        data.put("total", rows.size());
        data.put("returned", rows.size());
        return success(data);
    }

    private static Map<String, String> queryParameters(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, String> parameters = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, UTF_8);
    }

    private static ObjectNode success(JsonNode data) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("data", data);
        answer.putNull("code");
        answer.putNull("message");
        answer.put("success", true);
        return answer;
    }

    private static ObjectNode failure(String code, String message, JsonNode data) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("data", data);
        answer.put("code", code);
        answer.put("message", message);
        answer.put("success", false);
        return answer;
    }

    @Override
    public void close() throws Exception {
        server.stop(0);
        threads.shutdownNow();
        database.close();
    }
}
