package dataapi;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A declared endpoint's SQL that returns timestamps (without and with time zone), booleans, doubles and
 * floats from literals written here, the columns that declare them, and the JSON the API is to answer,
 * made here from the same values ({@link ExpectedText}). Its SQL reads alike on DuckDB and PostgreSQL.
 */
public final class ColumnKinds {
    /**
     * Fractions of .5, .123456 and none; a year 0 (1 BC), -1 and 10000; a day of 1582 that the Julian
     * calendar of java.sql.Timestamp does not have; moments given at offsets east and west of UTC, one a
     * year later in UTC; NULLs. Doubles whose Java 17 Double.toString is not the shortest (1.0E23, a
     * random one), the least subnormal, -0.0, and floats, which are written as floats.
     */
    private static final List<Row> ROWS = List.of(
            new Row(LocalDateTime.parse("2024-03-10T12:34:56.5"), OffsetDateTime.parse("2024-03-10T12:34:56.5+05:30"), true, 0.1, 0.1f),
            new Row(LocalDateTime.parse("2024-03-10T12:34:56.123456"), OffsetDateTime.parse("1999-12-31T23:59:59.123456-08:00"), false,
                    1e300, 16777217f),
            new Row(LocalDateTime.parse("2024-02-29T00:00:00"), OffsetDateTime.parse("2024-01-01T00:00:00Z"), null, -0.0, -0.0f),
            new Row(null, null, null, null, null),
            new Row(LocalDateTime.parse("0001-01-01T00:00:00").minusYears(1), OffsetDateTime.parse("1000-06-15T12:00:00-08:00"), true,
                    1e23, Float.MAX_VALUE),
            new Row(LocalDateTime.parse("0001-06-15T10:00:00.000001").minusYears(2),
                    OffsetDateTime.parse("1582-10-10T01:02:03.000001+01:00"), false, Double.MIN_VALUE, 1e-7f),
            new Row(LocalDateTime.parse("9999-01-01T00:00:00").plusYears(1), OffsetDateTime.parse("9999-12-31T23:59:59.999999-05:00"), true,
                    Double.longBitsToDouble(0x43d7c23b3058aa6cL), 3.3333333f),
            new Row(LocalDateTime.parse("1582-10-10T01:02:03"), OffsetDateTime.parse("1970-01-01T00:00:00+14:00"), false, 123.0, 1e7f));
    /** The rows' SQL, in order. */
    public static final String SQL = IntStream.range(0, ROWS.size()).mapToObj(n -> ROWS.get(n).sqlValues(n)).collect(Collectors.joining(", ",
            "SELECT t, tz, b, d, r FROM (VALUES ", ") AS v(n, t, tz, b, d, r) ORDER BY n"));
    /** The declared columns, as the endpoints file lists them. */
    public static final String COLUMNS = "{\"name\": \"T\", \"type\": \"timestamp\"}, {\"name\": \"TZ\", \"type\": \"timestamp\"},"
            + " {\"name\": \"B\", \"type\": \"boolean\"}, {\"name\": \"D\", \"type\": \"double\"}, {\"name\": \"R\", \"type\": \"double\"}";
    /** The answer. */
    public static final String JSON = ROWS.stream().map(Row::json).collect(Collectors.joining(",", "[", "]"));

    private ColumnKinds() {
    }

    /** A row of the values written into the SQL; null is NULL. */
    private record Row(LocalDateTime wall, OffsetDateTime moment, Boolean flag, Double number, Float single) {
        /** The row as the SQL's n-th of VALUES. */
        String sqlValues(int n) {
            StringJoiner values = new StringJoiner(", ", "(", ")");
            values.add(Integer.toString(n));
            values.add(wall == null ? "NULL" : timestampLiteral(wall));
            values.add(moment == null ? "NULL" : "CAST('" + text(moment.toLocalDateTime()) + moment.getOffset().getId().replace("Z", "+00:00")
                    + "' AS TIMESTAMP WITH TIME ZONE)");
            values.add(flag == null ? "NULL" : flag ? "TRUE" : "FALSE");
            values.add(number == null ? "NULL" : "CAST('" + number + "' AS FLOAT8)");
            values.add(single == null ? "NULL" : "CAST('" + single + "' AS FLOAT4)");
            return values.toString();
        }

        String json() {
            return "{\"T\":" + (wall == null ? "null" : "\"" + ExpectedText.timestamp(wall) + "\"")
                    + ",\"TZ\":" + (moment == null ? "null" : "\"" + ExpectedText.moment(moment.toInstant()) + "\"")
                    + ",\"B\":" + flag
                    + ",\"D\":" + (number == null ? "null" : ExpectedText.number(number))
                    + ",\"R\":" + (single == null ? "null" : ExpectedText.number(single)) + "}";
        }

        /** Years the warehouses do not read as text alike (PostgreSQL writes 1 BC, DuckDB (BC)) are reached from year 1 or 9999. */
        private static String timestampLiteral(LocalDateTime wall) {
            int year = wall.getYear();
            int from = Math.max(1, Math.min(9999, year));
            String literal = "CAST('" + text(wall.withYear(from)) + "' AS TIMESTAMP)";
            return year == from ? literal : literal + (year < from ? " - " : " + ") + "INTERVAL '" + Math.abs(year - from) + " years'";
        }

        /** YYYY-MM-DD HH:MM:SS.ffffff, as both warehouses read it. */
        private static String text(LocalDateTime time) {
            return "%04d-%02d-%02d %02d:%02d:%02d.%06d".formatted(time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour(),
                    time.getMinute(), time.getSecond(), time.getNano() / 1000);
        }
    }
}
