package dataapi.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import dataapi.Outage;
import dataapi.endpoint.SqlNull;
import dataapi.endpoint.SqlQuery;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A warehouse the reports run on: a pool of connections, all kept open, and the SQL dialect they
 * speak. Every query is bounded: a bounded wait for a connection, a statement timeout enforced by
 * cancelling the statement in the warehouse, and a cancel on the asker's request. While the
 * warehouse cannot be reached, requests are refused at once ({@link WarehouseUnavailableException})
 * and it is probed again every second, so that it recovers by itself. Queries run on the warehouse's
 * own threads, one per pooled connection ({@link QueryThreads}), and each connection keeps the
 * statements it prepared for the next run of their text ({@link StatementCache}).
 */
public final class Warehouse implements MeterBinder, AutoCloseable {
    /** HikariCP's own default. */
    public static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(Warehouse.class);
    /** How often one request tries a warehouse out of reach, the others refused meanwhile. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final int READINESS_CHECK_SECONDS = 2;
    /** PostgreSQL's refusal of a connection beyond a role's, a database's or the server's limit. */
    private static final String TOO_MANY_CONNECTIONS = "53300";
    /** Enough for every text the reports run (a top 10 has one per count of key ranges), few enough to hold little memory. */
    private static final int STATEMENTS_KEPT_PER_CONNECTION = 32;
    /** A PostgreSQL marker, {@code $2}, as its messages name one. */
    private static final Pattern POSTGRES_MARKER = Pattern.compile("\\$([1-9][0-9]{0,4})");

    private final String description;
    private final SQLDialect dialect;
    private final DataSource connections;
    private final Duration statementTimeout;
    private final HikariDataSource pool;
    private final CompletableFuture<Void> dataMade;
    private final QueryThreads queryThreads;
    private final StatementCache statements = new StatementCache(STATEMENTS_KEPT_PER_CONNECTION);
    private final Outage outage = new Outage(PROBE_INTERVAL);
    private final AtomicLong readinessCheckedAt = new AtomicLong(System.nanoTime() - PROBE_INTERVAL.toNanos());
    private volatile boolean ready;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "statement-timeout");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param description where the data is, for logs (never credentials)
     * @param connections the warehouse's unpooled connections
     * @param poolSize the most connections open at once
     * @param connectionWait how long a request waits for a free connection before it is refused
     * @param statementTimeout how long a query may run before it is cancelled
     */
    public Warehouse(String description, SQLDialect dialect, DataSource connections, int poolSize, Duration connectionWait,
                     Duration statementTimeout) {
        this(description, dialect, connections, poolSize, connectionWait, statementTimeout, DEFAULT_CONNECTION_LIFETIME);
    }

    /**
     * @param connectionLifetime how long a pooled connection is kept before it is replaced by a new one
     */
    public Warehouse(String description, SQLDialect dialect, DataSource connections, int poolSize, Duration connectionWait,
                     Duration statementTimeout, Duration connectionLifetime) {
        this(description, dialect, connections, poolSize, connectionWait, statementTimeout, connectionLifetime,
                CompletableFuture.completedFuture(null));
    }

    /**
     * @param dataMade completes once the warehouse holds its data (the embedded data, generated as
     *                 the server starts): until then requests are refused as unavailable without
     *                 trying a connection, which is no outage
     */
    public Warehouse(String description, SQLDialect dialect, DataSource connections, int poolSize, Duration connectionWait,
                     Duration statementTimeout, Duration connectionLifetime, CompletableFuture<Void> dataMade) {
        this.dataMade = requireNonNull(dataMade, "dataMade is null");
        this.description = requireNonNull(description, "description is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.statementTimeout = requireNonNull(statementTimeout, "statementTimeout is null");
        HikariConfig config = new HikariConfig();
        config.setPoolName("warehouse");
        config.setDataSource(connections);
        config.setMaximumPoolSize(poolSize);
        // Every connection kept open: Hikari opens one on demand only for a waiter it counts, and a burst
        // can leave one uncounted, to wait for a connection handed back or for the next fill, 30 s later.
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(connectionWait.toMillis());
        config.setMaxLifetime(connectionLifetime.toMillis());
        // Start even when the warehouse is down: requests get 503 until it is back.
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(true);
        config.setAutoCommit(true);
        this.pool = dataMade.isDone() ? new HikariDataSource(config) : unstarted(config);
        this.queryThreads = new QueryThreads(poolSize, connectionWait);
    }

    /**
     * A pool that opens no connection until the first is asked for, which {@link #connection} does only once
     * the data is made: filling it sooner would open the file while it is generated (or an earlier one it
     * replaces), and DuckDB takes one set of settings per file in a process.
     */
    private static HikariDataSource unstarted(HikariConfig config) {
        HikariDataSource pool = new HikariDataSource();
        config.copyStateTo(pool);
        return pool;
    }

    public String description() {
        return description;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** Completes once the warehouse holds its data; exceptionally when it will not. */
    public CompletableFuture<Void> dataMade() {
        return dataMade.copy();
    }

    /** A pooled connection; close it to return it. */
    public Connection connection() throws SQLException {
        if (!dataMade.isDone()) {
            throw WarehouseUnavailableException.dataBeingMade();
        }
        // During an outage one caller a second checks the warehouse itself, not the pool, whose
        // idle connections may outlive what they connect to (a DuckDB file that was removed).
        if (outage.isDown() && (outage.refuses() || !probe())) {
            throw WarehouseUnavailableException.announced("the warehouse is unreachable; next try within " + PROBE_INTERVAL.toMillis() + " ms");
        }
        try {
            Connection connection = pool.getConnection();
            markUp();
            return connection;
        } catch (SQLTransientConnectionException e) {
            // Hikari gives the cause only when opening a connection failed; without one, the pool was busy.
            if (e.getCause() != null) {
                markDown(e);
            }
            throw new WarehouseUnavailableException(noConnectionWithinWait(), e);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                markDown(e);
                throw new WarehouseUnavailableException("cannot reach the warehouse", e);
            }
            throw e;
        }
    }

    /**
     * Runs {@code query} with every value bound and hands its rows to {@code reader}.
     *
     * @throws QueryTimeoutException when it ran past the statement timeout (it was cancelled in the warehouse)
     * @throws QueryCancelledException when {@code cancel} was triggered
     * @throws WarehouseUnavailableException when the warehouse could not be reached or was lost, or
     *                                       had not the memory for the query
     * @throws ValuesRefusedException when the warehouse could not compute the answer for the query's values
     */
    public <R> R query(SqlQuery query, CancelSignal cancel, RowsReader<R> reader) throws SQLException {
        return queryThreads.run(() -> run(query, cancel, reader), cancel,
                () -> new WarehouseUnavailableException(noConnectionWithinWait(), null));
    }

    private String noConnectionWithinWait() {
        return "no warehouse connection within " + pool.getConnectionTimeout() + " ms";
    }

    private <R> R run(SqlQuery query, CancelSignal cancel, RowsReader<R> reader) throws SQLException {
        try (Connection connection = connection(cancel)) {
            if (query.mayBeLong() && dialect == SQLDialect.POSTGRES) {
                // PostgreSQL's driver reads rows a batch at a time only in a transaction; in autocommit it reads a whole
                // answer before its first row, too late for the size limit on answers to keep it out of the heap. The
                // pool gives the connection back its autocommit as it is returned, which ends the transaction.
                connection.setAutoCommit(false);
            }
            PreparedStatement statement = statements.take(connection, query.sql());
            R result;
            try {
                result = execute(statement, query.bindValues(), cancel, reader);
            } catch (Throwable e) {
                // One that failed, timed out or was cancelled is not run again.
                try {
                    statement.close();
                } catch (SQLException notClosed) {
                    e.addSuppressed(notClosed);
                }
                throw e;
            }
            statements.keep(connection, query.sql(), statement);
            return result;
        }
    }

    private <R> R execute(PreparedStatement statement, List<Object> values, CancelSignal cancel, RowsReader<R> reader) throws SQLException {
        bindAll(statement, values);
        RunningStatement running = new RunningStatement(statement::cancel);
        ScheduledFuture<?> timeout = timeouts.schedule(running::timeOut, statementTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!cancel.attach(running::cancel)) {
            // Its caller went away since the connection was taken: the query is not run at all.
            timeout.cancel(false);
            throw new QueryCancelledException(null);
        }
        // Whether the warehouse ran the query: a failure after that is the driver's, reading a value, and no refusal of
        // the values, even with a SQLSTATE of class 22 (PostgreSQL's driver says 22003 of a value it has no Java type for).
        boolean ran = false;
        try (ResultSet rows = statement.executeQuery()) {
            ran = true;
            return reader.read(rows);
        } catch (SQLException e) {
            if (running.timedOut()) {
                throw new QueryTimeoutException(statementTimeout, e);
            }
            if (cancel.isCancelled()) {
                throw new QueryCancelledException(e);
            }
            if (isConnectionFailure(e)) {
                markDown(e);
                throw new WarehouseUnavailableException("lost the warehouse connection", e);
            }
            if (isOutOfMemory(e)) {
                // Concurrent queries share the warehouse's memory, so the same query may fit later.
                throw new WarehouseUnavailableException("the warehouse ran out of memory for this query", e);
            }
            if (!ran && !values.isEmpty()) {
                // A query run without values keeps its failure; whether values were the request's, the HTTP layer decides.
                Optional<ValuesRefusedException> refused = ValuesRefusedException.of(e);
                if (refused.isPresent()) {
                    throw refused.get();
                }
                Optional<ColumnNotConvertedException> notConverted = ColumnNotConvertedException.of(e);
                if (notConverted.isPresent()) {
                    throw notConverted.get();
                }
            }
            throw e;
        } finally {
            cancel.detach();
            timeout.cancel(false);
            running.finish();
        }
    }

    /**
     * The types the warehouse gives the values of {@code sql}, in the order of its markers, as it
     * prepares it with none bound; nothing runs. Empty when the driver does not say how many values
     * the SQL takes; a value whose type it does not say is {@link ValueType#UNTOLD}, as is one
     * PostgreSQL cannot type before a value is bound, where any type would do ({@code ? IS NULL}).
     *
     * @throws WarehouseUnavailableException when the warehouse cannot be reached
     * @throws QueryTimeoutException when the warehouse took longer than the statement timeout
     */
    public Optional<List<ValueType>> valueTypes(String sql) throws SQLException {
        return prepared(sql, statement -> {
            ParameterMetaData values = null;
            int count = 0;
            Set<Integer> untypable = new HashSet<>();
            while (values == null) {
                try {
                    values = statement.getParameterMetaData();
                    count = values.getParameterCount();
                } catch (SQLException notSaid) {
                    // PostgreSQL types no value when it cannot type one, and names the first: that one is sent as
                    // text, untold, so that the others are told. Any other failure is taken as the types not said
                    // (a driver that does not tell); a failing connection, a timeout or SQL the warehouse refuses
                    // fail the description that follows, which says what they are.
                    OptionalInt untyped = untypableValue(notSaid);
                    if (untyped.isEmpty() || !untypable.add(untyped.getAsInt())) {
                        return Optional.empty();
                    }
                    statement.setNull(untyped.getAsInt(), Types.VARCHAR);
                }
            }
            List<ValueType> types = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                types.add(untypable.contains(i) ? ValueType.UNTOLD : valueType(values, i));
            }
            return Optional.of(types);
        });
    }

    /** The marker PostgreSQL's 42P18 names, "could not determine data type of parameter $2", if it is that failure. */
    private static OptionalInt untypableValue(SQLException e) {
        Matcher marker = "42P18".equals(e.getSQLState()) ? POSTGRES_MARKER.matcher(String.valueOf(e.getMessage())) : null;
        return marker != null && marker.find() ? OptionalInt.of(Integer.parseInt(marker.group(1))) : OptionalInt.empty();
    }

    private static ValueType valueType(ParameterMetaData values, int index) {
        try {
            return new ValueType(values.getParameterType(index), String.valueOf(values.getParameterTypeName(index)));
        } catch (SQLException notSaid) {
            // Snowflake's driver says a value's type only where the warehouse described it.
            return ValueType.UNTOLD;
        }
    }

    /**
     * Describes {@code query} as the warehouse prepares it with its values bound, so that their
     * types are the ones requests send; nothing runs.
     *
     * @throws WarehouseUnavailableException when the warehouse cannot be reached
     * @throws QueryTimeoutException when the warehouse took longer than the statement timeout
     */
    public QueryDescription describe(SqlQuery query) throws SQLException {
        return prepared(query.sql(), statement -> {
            bindAll(statement, query.bindValues());
            ResultSetMetaData result = statement.getMetaData();
            List<QueryDescription.Column> columns = new ArrayList<>();
            for (int i = 1; result != null && i <= result.getColumnCount(); i++) {
                columns.add(new QueryDescription.Column(result.getColumnLabel(i), result.getColumnType(i),
                        String.valueOf(result.getColumnTypeName(i)), result.getScale(i)));
            }
            return new QueryDescription(columns);
        });
    }

    /** What {@link #prepared} does with a statement it prepared. */
    @FunctionalInterface
    private interface Prepared<T> {
        T use(PreparedStatement statement) throws SQLException;
    }

    /** Prepares {@code sql} on a pooled connection, bounded by the statement timeout, for {@code use} alone; nothing runs. */
    private <T> T prepared(String sql, Prepared<T> use) throws SQLException {
        try (Connection connection = connection()) {
            // Preparing can wait in the warehouse (PostgreSQL takes the tables' locks as it parses), and a
            // driver's cancel reaches only a statement that executes: at the statement timeout the
            // connection is aborted instead, and the pool drops it.
            RunningStatement running = new RunningStatement(() -> connection.abort(Runnable::run));
            ScheduledFuture<?> timeout = timeouts.schedule(running::timeOut, statementTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return use.use(statement);
            } catch (SQLException e) {
                if (running.timedOut()) {
                    throw new QueryTimeoutException(statementTimeout, e);
                }
                throw e;
            } finally {
                timeout.cancel(false);
                running.finish();
            }
        }
    }

    private void bindAll(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            bind(statement, i + 1, values.get(i));
        }
    }

    /**
     * Dates as each driver keeps them whole. {@link java.sql.Date} has no 1582-10-05 to 1582-10-14
     * (its calendar switches from Julian to Gregorian there), and DuckDB's driver converts through it
     * even from a {@link LocalDate}, so those dates would come out ten days later: it gets ISO text, which a
     * parameter DuckDB types as a date reads as one (no slower, bench/RESULTS.md). PostgreSQL's driver
     * sends a {@link java.sql.Date} as a timestamp with time zone where the query leaves the type
     * open: it gets the {@link LocalDate}. Snowflake's driver refuses a {@link LocalDate}: it gets a
     * {@link java.sql.Date}. A decimal's {@link java.math.BigDecimal} each driver sends whole: DuckDB's as a
     * DECIMAL of its precision and scale, PostgreSQL's as a numeric, Snowflake's as FIXED text. A time's
     * {@link LocalDateTime} or {@link OffsetDateTime} DuckDB's and PostgreSQL's drivers send whole, the days of
     * 1582 and year 1 too, as a TIMESTAMP and as a TIMESTAMPTZ; Snowflake's driver takes no java.time value:
     * it gets ISO text, which Snowflake converts to the timestamp the SQL compares it with (the Snowflake double
     * tests the driver's path, not that conversion).
     */
    private void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof SqlNull absent) {
            bindNull(statement, index, absent.type());
        } else if (value instanceof LocalDate date) {
            switch (dialect) {
                case DUCKDB -> statement.setString(index, date.toString());
                case POSTGRES -> statement.setObject(index, date);
                default -> statement.setDate(index, Date.valueOf(date));
            }
        } else if (value instanceof LocalDateTime || value instanceof OffsetDateTime) {
            switch (dialect) {
                case DUCKDB, POSTGRES -> statement.setObject(index, value);
                default -> statement.setString(index, DateTimeFormatter.ISO_DATE_TIME.format((TemporalAccessor) value));
            }
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * A NULL of the type a value of {@code type} is sent as, so that PostgreSQL knows the type of a marker
     * the SQL alone does not type ({@code ? IS NULL}), which it refuses an untyped NULL for. It is given
     * PostgreSQL's name of the type: pgjdbc sends a TIMESTAMP's or a TIMESTAMP_WITH_TIMEZONE's NULL untyped.
     * DuckDB's and Snowflake's drivers send every NULL alike, whatever its JDBC type (Snowflake's as its type
     * ANY): DuckDB types each marker from the SQL (with a CAST where nothing else does), and Snowflake a NULL
     * as it does its NULL literal.
     */
    private void bindNull(PreparedStatement statement, int index, Class<?> type) throws SQLException {
        NullType sent = NullType.of(type);
        if (dialect == SQLDialect.POSTGRES) {
            statement.setNull(index, sent.jdbcType, sent.postgresName);
        } else {
            statement.setNull(index, sent.jdbcType);
        }
    }

    /** The types of the values a query is sent, by the class of the value, as a NULL of each is bound. */
    private enum NullType {
        INTEGER(Long.class, Types.BIGINT, "int8"),
        DECIMAL(BigDecimal.class, Types.NUMERIC, "numeric"),
        STRING(String.class, Types.VARCHAR, "varchar"),
        DATE(LocalDate.class, Types.DATE, "date"),
        TIMESTAMP(LocalDateTime.class, Types.TIMESTAMP, "timestamp"),
        TIMESTAMPTZ(OffsetDateTime.class, Types.TIMESTAMP_WITH_TIMEZONE, "timestamptz");

        private final Class<?> valueClass;
        private final int jdbcType;
        private final String postgresName;

        NullType(Class<?> valueClass, int jdbcType, String postgresName) {
            this.valueClass = valueClass;
            this.jdbcType = jdbcType;
            this.postgresName = postgresName;
        }

        static NullType of(Class<?> valueClass) {
            for (NullType type : values()) {
                if (type.valueClass == valueClass) {
                    return type;
                }
            }
            throw new IllegalArgumentException("no NULL of " + valueClass.getName() + " is bound");
        }
    }

    /** PostgreSQL's out_of_memory, or DuckDB's error for a query its memory_limit cannot hold (DuckDB sets no SQLSTATE). */
    private static boolean isOutOfMemory(SQLException e) {
        return "53200".equals(e.getSQLState()) || String.valueOf(e.getMessage()).startsWith("Out of Memory Error");
    }

    /** A pooled connection, unless {@code cancel} comes first: then the wait for one ends at once. */
    private Connection connection(CancelSignal cancel) throws SQLException {
        // The pool's wait ends on an interrupt.
        return cancel.await(this::connection);
    }

    /** Whether the warehouse answers queries now, and if not, why: what a readiness probe is told. */
    public enum Readiness {
        READY,
        /** The embedded data is being generated. */
        DATA_BEING_MADE,
        UNREACHABLE
    }

    /** True when the warehouse holds its data and a connection to it could be opened lately; see {@link #readiness()}. */
    public boolean isReady() {
        return readiness() == Readiness.READY;
    }

    /**
     * Ready when the warehouse holds its data and a connection to it could be opened lately. That is
     * checked at most once per probe interval, whoever asks and however often, so that readiness
     * checks cannot flood the warehouse with connections; an outage seen by a request shows at once.
     */
    public Readiness readiness() {
        if (!dataMade.isDone()) {
            return Readiness.DATA_BEING_MADE;
        }
        long now = System.nanoTime();
        long last = readinessCheckedAt.get();
        if (now - last < PROBE_INTERVAL.toNanos() || !readinessCheckedAt.compareAndSet(last, now)) {
            return ready && !outage.isDown() ? Readiness.READY : Readiness.UNREACHABLE;
        }
        ready = !outage.refuses() && probe();
        return ready ? Readiness.READY : Readiness.UNREACHABLE;
    }

    /**
     * Opens a connection outside the pool and checks it; records the outcome. A warehouse that refuses it for
     * having no connection to spare answers, and the pool keeps what it has open: a role allowed as many
     * connections as the pool holds, or a server whose others take the rest, is no outage.
     */
    private boolean probe() {
        try (Connection connection = connections.getConnection()) {
            if (connection.isValid(READINESS_CHECK_SECONDS)) {
                markUp();
                return true;
            }
            markDown(new SQLException("the connection did not pass its check"));
            return false;
        } catch (SQLException e) {
            if (TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
                markUp();
                return true;
            }
            // A caller that went away while the connection opened says nothing of the warehouse.
            if (!Thread.currentThread().isInterrupted()) {
                markDown(e);
            }
            return false;
        }
    }

    private void markUp() {
        if (outage.succeeded()) {
            log.info("Warehouse {} is reachable again", description);
        }
    }

    private void markDown(SQLException e) {
        if (!outage.isDown()) {
            log.warn("Warehouse {} is unreachable; refusing queries and probing it every {} ms: {}",
                    description, PROBE_INTERVAL.toMillis(), withCause(e));
        }
        outage.failed();
    }

    /** The pool's own failure says only that it timed out; the warehouse's reason (a wrong password, say) is its cause. */
    private static String withCause(SQLException e) {
        return e.getCause() instanceof SQLException cause && cause != e ? e.getMessage() + ": " + cause.getMessage() : e.getMessage();
    }

    /**
     * Publishes the pool's metrics (connections in use and idle, usage times) and the queries' waits
     * for a thread and its connection: how many wait, how long, how many were refused.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        queryThreads.bindTo(registry);
    }

    @Override
    public void close() throws Exception {
        timeouts.shutdownNow();
        queryThreads.close();
        statements.close();
        pool.close();
        if (connections instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** A statement that may be cancelled from another thread, but never once it has finished. */
    private static final class RunningStatement {
        private final Cancel cancel;
        private boolean finished;
        private boolean timedOut;

        /** @param cancel stops the statement in the warehouse */
        RunningStatement(Cancel cancel) {
            this.cancel = cancel;
        }

        synchronized void timeOut() {
            if (!finished) {
                timedOut = true;
                cancel();
            }
        }

        synchronized void cancel() {
            if (finished) {
                return;
            }
            try {
                cancel.run();
            } catch (SQLException e) {
                log.warn("Could not cancel a statement: {}", e.getMessage());
            }
        }

        synchronized boolean timedOut() {
            return timedOut;
        }

        synchronized void finish() {
            finished = true;
        }

        @FunctionalInterface
        interface Cancel {
            void run() throws SQLException;
        }
    }

    /**
     * True for failures that mean the warehouse is unreachable rather than that the query is wrong:
     * SQLSTATE class 08 (connection exception), and PostgreSQL's shutdown and start-up states.
     */
    private static boolean isConnectionFailure(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
