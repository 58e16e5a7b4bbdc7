package dataapi.declared;

import dataapi.endpoint.Column;
import dataapi.endpoint.Endpoint;
import dataapi.endpoint.Parameter;
import dataapi.endpoint.SqlQuery;
import dataapi.warehouse.QueryDescription;
import dataapi.warehouse.QueryTimeoutException;
import dataapi.warehouse.ValueType;
import dataapi.warehouse.Warehouse;
import dataapi.warehouse.WarehouseUnavailableException;

import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The check of declared endpoints, and of the reports on a warehouse the server did not fill, against the
 * warehouse they will run on, at start or before first use.
 */
final class DeclaredEndpoints {
    private static final Set<Integer> INTEGERS = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);
    private static final Set<Integer> DECIMALS = Set.of(Types.NUMERIC, Types.DECIMAL);
    private static final Set<Integer> FLOATS = Set.of(Types.REAL, Types.FLOAT, Types.DOUBLE);
    private static final Set<Integer> CHARACTERS = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
            Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
    private static final Set<Integer> TIMESTAMPS = Set.of(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE);
    /**
     * What a {@code string} column is read from: text, and the types whose text every warehouse
     * writes alike (a date as YYYY-MM-DD, numbers in their digits). A boolean is {@code f} on
     * PostgreSQL and {@code false} on DuckDB, a timestamp's fraction differs by driver, a double's
     * digits by engine: each has a type of its own.
     */
    private static final Set<Integer> TEXTS = union(CHARACTERS, Set.of(Types.DATE));
    /** The type a refused column is advised to be declared, the first that can be written from it, the most exact first. */
    private static final List<Column.Type> ADVISED = List.of(Column.Type.INTEGER, Column.Type.DECIMAL, Column.Type.DOUBLE,
            Column.Type.BOOLEAN, Column.Type.TIMESTAMP, Column.Type.STRING);
    /**
     * The types of values the check compares with the declared ones: numbers, text, dates and times,
     * booleans. Any other (DuckDB's INVALID for a value it cannot type before it runs, an interval, a
     * UUID) is not compared: the warehouse converts the value it is sent, or refuses it, as the query runs.
     */
    private static final Set<Integer> COMPARED = union(INTEGERS, DECIMALS, FLOATS, CHARACTERS, TIMESTAMPS,
            Set.of(Types.DATE, Types.TIME, Types.TIME_WITH_TIMEZONE, Types.BOOLEAN, Types.BIT));
    private static final String UNKNOWN = "UNKNOWN";
    /** DuckDB's wall-clock time in nanoseconds, of the years 1677 to 2262 alone. */
    private static final String NANOSECOND_TIMESTAMP = "TIMESTAMP_NS";
    /**
     * The SQLSTATE classes of a refusal of the SQL itself: syntax or access rule (42), feature not
     * supported (0A), data exception (22, e.g. an example value the SQL cannot take), cardinality
     * (21), invalid catalog or schema name (3D, 3F). Any other failure (a timeout, a lock that could
     * not be had, memory, a lost connection) says nothing of the SQL; nor does PostgreSQL's protocol
     * violation (08P01), which a pooler such as PgBouncer also answers for its own (a full pool, a
     * failed login), and which the SQL could cause only with a NUL, refused when the file is read.
     */
    private static final Set<String> REFUSALS = Set.of("42", "0A", "22", "21", "3D", "3F");

    private DeclaredEndpoints() {
    }

    /**
     * Has the warehouse prepare the endpoint's SQL with its example values bound, without running
     * it: it must accept it, take as many values as a declared endpoint's SQL has markers, each as a
     * type every value of its parameter converts to, and return the endpoint's columns, by name and in
     * order, of types they can be written from.
     *
     * @throws SQLException when the warehouse could not be reached, or failed for another reason than
     *                      the SQL (a timeout, a lock, its memory): nothing is known of the SQL
     * @throws IllegalArgumentException when the warehouse refuses the SQL, or its values or columns do
     *                                  not fit the endpoint, naming the endpoint and what does not fit
     */
    static void check(CheckedEndpoint checked, Warehouse warehouse) throws SQLException {
        QueryDescription description;
        try {
            // Asked before any value is bound: PostgreSQL fails to prepare a query that is sent a string
            // where it reads a number, in words that do not say what to declare. A report binds values of its own types.
            if (checked.endpoint() instanceof SqlEndpoint declared) {
                checkValues(checked, declared, warehouse.valueTypes(declared.sql()));
            }
            description = warehouse.describe(exampleQuery(checked.endpoint()));
        } catch (SQLException e) {
            if (!refusesTheSql(e)) {
                throw e;
            }
            throw refused(checked, e);
        }
        check(checked, description);
    }

    private static <P> SqlQuery exampleQuery(Endpoint<P> endpoint) {
        return endpoint.connectorQuery(endpoint.exampleParameters());
    }

    /**
     * Whether the warehouse refused the SQL itself: a refusal's SQLSTATE class, or none at all, as
     * DuckDB, inside this process, sets none and fails to prepare a statement only for its SQL.
     */
    private static boolean refusesTheSql(SQLException e) {
        if (e instanceof WarehouseUnavailableException || e instanceof QueryTimeoutException) {
            return false;
        }
        String state = e.getSQLState();
        return state == null || state.length() < 2 || REFUSALS.contains(state.substring(0, 2));
    }

    private static IllegalArgumentException refused(CheckedEndpoint checked, SQLException e) {
        // The first line says what; DuckDB adds candidates and a caret under the text on the next ones.
        return new IllegalArgumentException(checked.name() + ": the warehouse refused its SQL: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }

    /**
     * The warehouse must read as many values as the SQL has markers, and each as a type every value
     * of its parameter converts to: a string where it reads a number or a date would fail to convert
     * on a request's value (DuckDB) or on every one (PostgreSQL).
     */
    private static void checkValues(CheckedEndpoint checked, SqlEndpoint endpoint, Optional<List<ValueType>> told) {
        if (told.isEmpty()) {
            return;
        }
        List<ValueType> types = told.get();
        List<Parameter<?>> markers = endpoint.markerParameters();
        if (types.size() != markers.size()) {
            throw new IllegalArgumentException(checked.name() + ": the warehouse reads " + types.size()
                    + " values in its SQL, but the SQL has " + markers.size() + " :name markers");
        }
        for (int i = 0; i < markers.size(); i++) {
            String name = markers.get(i).name();
            String declared = markers.get(i).format();
            ValueType type = types.get(i);
            if (COMPARED.contains(type.jdbcType()) && !converts(declared, type)) {
                throw new IllegalArgumentException(checked.name() + ": parameter " + name + " is declared " + declared
                        + ", but the warehouse reads :" + name + " as " + type.typeName() + ", which not every " + declared
                        + " value converts to; " + advice(name, declared, type));
            }
        }
    }

    /**
     * What to declare or write instead. Only a string is compared as text: the warehouse reads an integer or a
     * date sent where the SQL reads text as what it is, so that on DuckDB CAST(column AS VARCHAR) = :n turns the
     * column's text into numbers, and fails on every request, and on PostgreSQL it has no such comparison. A decimal
     * is named before an integer, which converts to a decimal or a double too, but cannot say 1000.50. A time is
     * never advised where the SQL reads text, nor is a number for a time where it does.
     */
    private static String advice(String name, String declared, ValueType type) {
        Optional<String> fitting = isTime(declared) && CHARACTERS.contains(type.jdbcType()) ? Optional.empty()
                : Stream.of("decimal", "integer", "timestamp", "timestamptz", "date").filter(other -> converts(other, type)).findFirst();
        if (declared.equals("string")) {
            return fitting.map(other -> "declare it " + other + ", or ").orElse("")
                    + "have the SQL read text there, such as CAST(column AS VARCHAR) = :" + name;
        }
        if (declared.equals("date") && type.isTimestampWithTimeZone()) {
            // A day is a span of moments only in a time zone: the client sends moments, or the SQL names the zone.
            return fitting.map(other -> "declare it " + other + ", or ").orElse("")
                    + "have the SQL compare it with the moment's day in UTC, such as CAST(column AT TIME ZONE 'UTC' AS DATE) >= :" + name;
        }
        return fitting.map(other -> "declare it " + other).orElse("have the SQL compare it with " + switch (declared) {
            case "date" -> "a date";
            case "timestamp" -> "a TIMESTAMP, such as CAST(column AS TIMESTAMP) >= :" + name;
            case "timestamptz" -> "a TIMESTAMPTZ, such as CAST(column AS TIMESTAMPTZ) >= :" + name;
            default -> "a number";
        });
    }

    /**
     * Whether every value of a parameter declared {@code declared} converts to a value of the warehouse's type. A time
     * converts to its own kind of timestamp alone: a wall-clock time sent where the SQL reads a TIMESTAMPTZ, or a moment
     * where it reads a TIMESTAMP, each warehouse converts in its session's time zone (PostgreSQL's driver sets the JVM's),
     * and a time as text is written otherwise by each driver and zone. So is a date where it reads a TIMESTAMPTZ, as
     * midnight in the session's zone; where it reads a TIMESTAMP it is midnight, wherever the server runs. DuckDB's
     * TIMESTAMP_S and TIMESTAMP_MS it compares with a time as microseconds, exactly; its TIMESTAMP_NS it converts the time
     * to, which fails for one outside its years, 1677 to 2262.
     */
    private static boolean converts(String declared, ValueType type) {
        int code = type.jdbcType();
        return (CHARACTERS.contains(code) && !isTime(declared)) || switch (declared) {
            case "integer" -> INTEGERS.contains(code) || DECIMALS.contains(code) || FLOATS.contains(code);
            // 1.5 converts to no integer type.
            case "decimal" -> DECIMALS.contains(code) || FLOATS.contains(code);
            case "date" -> code == Types.DATE || isWallClockTime(type);
            case "timestamp" -> isWallClockTime(type);
            case "timestamptz" -> type.isTimestampWithTimeZone();
            default -> false;
        };
    }

    private static boolean isWallClockTime(ValueType type) {
        return type.jdbcType() == Types.TIMESTAMP && !type.isTimestampWithTimeZone() && !type.typeName().equalsIgnoreCase(NANOSECOND_TIMESTAMP);
    }

    private static boolean isTime(String declared) {
        return declared.equals("timestamp") || declared.equals("timestamptz");
    }

    private static void check(CheckedEndpoint checked, QueryDescription description) {
        List<Column> columns = checked.endpoint().columns();
        List<String> returned = description.columns().stream().map(column -> column.label().toUpperCase(Locale.ROOT)).toList();
        List<String> declared = columns.stream().map(Column::name).toList();
        if (returned.equals(List.of(UNKNOWN)) && !declared.equals(List.of(UNKNOWN))) {
            // DuckDB describes a query as one UNKNOWN column when a value's type cannot be inferred before it runs.
            throw new IllegalArgumentException(checked.name() + ": the warehouse cannot tell the type of a :name in its SQL"
                    + " before it runs; write CAST(:name AS type) where one stands alone, such as CAST(:note AS VARCHAR);"
                    + " a :name among a table function's arguments, such as range(:n), cannot be told even so");
        }
        if (!returned.equals(declared)) {
            throw new IllegalArgumentException(checked.name() + ": its SQL returns the columns " + returned
                    + (checked.isDeclared() ? ", but it declares " : ", but it writes ") + declared);
        }
        for (int i = 0; i < declared.size(); i++) {
            Column column = columns.get(i);
            QueryDescription.Column actual = description.columns().get(i);
            if (!writable(column.type(), actual)) {
                // A report's SQL is the server's own: its table is what to correct, and the start's line names it and its column.
                throw new IllegalArgumentException(checked.name() + ": column " + column.name()
                        + column.source().map(source -> " (" + source + ")").orElse("") + (checked.isDeclared() ? " is declared " : " is ")
                        + column.type().declaredName() + ", but the SQL returns " + actual.typeName()
                        + (checked.isDeclared() ? "; " + ADVISED.stream().filter(type -> writable(type, actual)).findFirst()
                                .map(type -> "declare it " + type.declaredName() + ", or ").orElse("no column type is written from it: ")
                                + "CAST it in the SQL" : ""));
            }
        }
    }

    @SafeVarargs
    private static Set<Integer> union(Set<Integer>... sets) {
        return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether values of the warehouse's type can be written as the declared type without losing anything. */
    private static boolean writable(Column.Type declared, QueryDescription.Column actual) {
        int type = actual.jdbcType();
        return switch (declared) {
            case STRING -> TEXTS.contains(type) || INTEGERS.contains(type) || DECIMALS.contains(type);
            case INTEGER -> INTEGERS.contains(type) || (DECIMALS.contains(type) && actual.scale() == 0);
            // Binary floats are exact in no decimal place, and have values (NaN, infinities) JSON has no number for.
            case MONEY -> INTEGERS.contains(type) || (DECIMALS.contains(type) && actual.scale() <= 2);
            case DECIMAL -> INTEGERS.contains(type) || DECIMALS.contains(type);
            // A decimal or an integer is written as its nearest double: PostgreSQL's AVG is a numeric where DuckDB's is a DOUBLE.
            case DOUBLE -> FLOATS.contains(type) || DECIMALS.contains(type) || INTEGERS.contains(type);
            // PostgreSQL's driver reports its bool as BIT, as it does a bit string, which is no boolean.
            case BOOLEAN -> type == Types.BOOLEAN || (type == Types.BIT && actual.typeName().equalsIgnoreCase("bool"));
            // A date is a day, not a time of one: as a string it is YYYY-MM-DD on every warehouse.
            case TIMESTAMP -> TIMESTAMPS.contains(type);
        };
    }
}
