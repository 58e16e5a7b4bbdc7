package dataapi.warehouse;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * A timestamp column of a query's result, read whole whatever the JVM's time zone: a timestamp
 * without time zone as its wall-clock time, one with a time zone as its moment. Both are given as an
 * {@link Instant}, the wall-clock time counted as if it were UTC, so that one calendar writes either.
 * <p>
 * PostgreSQL's and DuckDB's drivers give java.time values on the proleptic Gregorian calendar (a
 * {@link LocalDateTime}, an {@link OffsetDateTime}), never through {@link Timestamp}, whose fields are
 * in the JVM's zone and on the Julian calendar before 1582. Snowflake's driver gives none (its
 * {@code getObject(int, Class)} takes no java.time type, and {@code getObject(int)} makes a
 * TIMESTAMP_NTZ a {@link Timestamp} in the JVM's zone); its reading rests on its source (3.24.2), as
 * Snowflake cannot run here, and is tested through the driver against a stand-in for Snowflake:
 * {@code getTimestamp(int, Calendar)} with a UTC calendar turns the value on the wire, seconds since
 * 1970 of the wall-clock time for TIMESTAMP_NTZ and of the moment for TIMESTAMP_LTZ and TIMESTAMP_TZ,
 * into a {@link Timestamp} of those seconds: NTZ is moved from UTC to the calendar's zone (when
 * CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ is on, its default), which is UTC, and LTZ and TZ keep their
 * moment (DateTimeConverter.getTimestamp for the JSON results this server asks for, the Arrow
 * converters alike). Each then goes through ResultUtil.adjustTimestamp, which moves a value before
 * 1582-10-05 by the Julian calendar's lag so that the {@link Timestamp}'s Julian fields show its
 * Gregorian date: the fields are read on a UTC {@link GregorianCalendar}, which undoes that and
 * changes nothing after 1582. Only the ten days from 1582-10-05 to 1582-10-14, which it leaves as they
 * are, are then the Julian calendar's, ten days early: the driver gives them as it gives the ten before.
 */
public final class TimestampColumn {
    /** The product names the drivers give. */
    private static final String SNOWFLAKE = "Snowflake";
    private static final String POSTGRESQL = "PostgreSQL";
    private static final String DUCKDB = "DuckDB";
    private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);

    private final int index;
    private final boolean zoned;
    private final boolean snowflake;
    private final Infinities infinities;

    private TimestampColumn(int index, boolean zoned, boolean snowflake, Infinities infinities) {
        this.index = index;
        this.zoned = zoned;
        this.snowflake = snowflake;
        this.infinities = infinities;
    }

    /** The column at {@code index} (from 1) of {@code rows}, which must be a timestamp. */
    public static TimestampColumn of(ResultSet rows, int index) throws SQLException {
        ResultSetMetaData metaData = rows.getMetaData();
        ValueType type = new ValueType(metaData.getColumnType(index), String.valueOf(metaData.getColumnTypeName(index)));
        // By the product's name, not by the driver's classes: naming one would open Snowflake's jars on every warehouse.
        String product = rows.getStatement().getConnection().getMetaData().getDatabaseProductName();
        return new TimestampColumn(index, type.isTimestampWithTimeZone(), SNOWFLAKE.equalsIgnoreCase(product), Infinities.of(product, type));
    }

    /** Whether its values are moments (a timestamp with time zone), rather than wall-clock times. */
    public boolean zoned() {
        return zoned;
    }

    /**
     * The current row's value: a moment, or a wall-clock time counted as UTC; null for NULL.
     *
     * @throws InfiniteTimestampException when it is infinity or -infinity
     */
    public Instant read(ResultSet rows) throws SQLException {
        Instant value = snowflake ? snowflakes(rows) : javaTime(rows);
        if (value != null && (value.equals(infinities.positive()) || value.equals(infinities.negative()))) {
            throw new InfiniteTimestampException(value.equals(infinities.positive()) ? "infinity" : "-infinity");
        }
        return value;
    }

    private Instant javaTime(ResultSet rows) throws SQLException {
        try {
            if (zoned) {
                OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
                return value == null ? null : value.toInstant();
            }
            LocalDateTime value = rows.getObject(index, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            if (infinities.unreadable()) {
                throw new InfiniteTimestampException("infinity or -infinity");
            }
            throw e;
        }
    }

    private Instant snowflakes(ResultSet rows) throws SQLException {
        // A calendar of one's own: the driver takes its zone, and its fields are read here.
        Calendar utc = new GregorianCalendar(UTC, Locale.ROOT);
        Timestamp value = rows.getTimestamp(index, utc);
        if (value == null) {
            return null;
        }
        utc.setTimeInMillis(value.getTime());
        int year = utc.get(Calendar.ERA) == GregorianCalendar.BC ? 1 - utc.get(Calendar.YEAR) : utc.get(Calendar.YEAR);
        return LocalDateTime.of(year, utc.get(Calendar.MONTH) + 1, utc.get(Calendar.DAY_OF_MONTH), utc.get(Calendar.HOUR_OF_DAY),
                utc.get(Calendar.MINUTE), utc.get(Calendar.SECOND), value.getNanos()).toInstant(ZoneOffset.UTC);
    }

    /**
     * A column's infinity and -infinity as {@link #read} reads them, null where there are none. PostgreSQL's
     * driver gives them as {@link LocalDateTime#MAX} and {@link LocalDateTime#MIN} ({@link OffsetDateTime}'s
     * for a timestamptz), past PostgreSQL's last real time, in year 294276. DuckDB keeps a timestamp as a
     * 64-bit count of its unit since 1970 (microseconds; seconds, milliseconds and nanoseconds in TIMESTAMP_S,
     * TIMESTAMP_MS and TIMESTAMP_NS) and its infinities as the largest count and its negative, which its
     * driver gives as those times, each unit's own: TIMESTAMP_NS's infinity is in year 2262, TIMESTAMP_MS's
     * in year 292278994, and every real value's count is smaller. TIMESTAMP_S's are past any {@link Instant}:
     * the driver fails to read them ({@code unreadable}), and no real one, which DuckDB keeps within
     * TIMESTAMP's range. Snowflake has no infinite timestamps.
     */
    private record Infinities(Instant positive, Instant negative, boolean unreadable) {
        private static final Infinities NONE = new Infinities(null, null, false);

        static Infinities of(String product, ValueType type) {
            if (POSTGRESQL.equalsIgnoreCase(product)) {
                return type.isTimestampWithTimeZone()
                        ? new Infinities(OffsetDateTime.MAX.toInstant(), OffsetDateTime.MIN.toInstant(), false)
                        : new Infinities(LocalDateTime.MAX.toInstant(ZoneOffset.UTC), LocalDateTime.MIN.toInstant(ZoneOffset.UTC), false);
            }
            if (!DUCKDB.equalsIgnoreCase(product)) {
                return NONE;
            }
            return switch (type.typeName()) {
                case "TIMESTAMP_S" -> new Infinities(null, null, true);
                case "TIMESTAMP_MS" -> counted(ChronoUnit.MILLIS);
                case "TIMESTAMP_NS" -> counted(ChronoUnit.NANOS);
                default -> counted(ChronoUnit.MICROS);
            };
        }

        private static Infinities counted(ChronoUnit unit) {
            return new Infinities(Instant.EPOCH.plus(Long.MAX_VALUE, unit), Instant.EPOCH.minus(Long.MAX_VALUE, unit), false);
        }
    }
}
