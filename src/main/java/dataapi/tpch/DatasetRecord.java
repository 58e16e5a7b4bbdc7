package dataapi.tpch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The completion record a loaded TPC-H data set carries: written last, in the same unit of work as
 * the data (one file, or one transaction), so its presence with the right row count means the load
 * finished. The same SQL serves DuckDB and PostgreSQL.
 */
final class DatasetRecord {
    static final String TABLE = "dataapi_dataset";
    private static final String GENERATOR = "io.trino.tpch 1.2";
    /**
     * What a load holds besides ORDERS' rows, in each warehouse; a load of another layout is done
     * again. 2: ORDERS clustered by order date, and on DuckDB the derived clerk_monthly_sales; 3: that
     * table with the clerk's number, stored in its order; 4 (DuckDB only): also orders_window_totals;
     * 5 (DuckDB only): also orders_window_leaders; 6 (DuckDB only): also orders_by_customer.
     */
    enum Layout {
        DUCKDB(6),
        POSTGRES(3);

        private final int number;

        Layout(int number) {
            this.number = number;
        }
    }

    private DatasetRecord() {
    }

    /** Creates the record table, replacing any earlier one, and writes the record for {@code scale}. */
    static void write(Connection connection, ScaleFactor scale, Layout layout) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("CREATE TABLE " + TABLE
                    + " (scale_factor VARCHAR, orders_rows BIGINT, layout INTEGER, generator VARCHAR, created_at TIMESTAMPTZ)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?, now())")) {
            insert.setString(1, scale.toString());
            insert.setLong(2, scale.orderCount());
            insert.setInt(3, layout.number);
            insert.setString(4, GENERATOR);
            insert.executeUpdate();
        }
    }

    /**
     * True when the record names {@code scale} and {@code layout} and {@code orders} holds exactly its
     * rows; false too when either table is missing (a load from before the record, or none).
     */
    static boolean isComplete(Connection connection, String orders, ScaleFactor scale, Layout layout) throws SQLException {
        if (!bothExist(connection, TABLE, orders)) {
            return false;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT orders_rows, (SELECT count(*) FROM " + orders + "), layout FROM " + TABLE + " WHERE scale_factor = ?")) {
            query.setString(1, scale.toString());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getLong(1) == scale.orderCount() && rows.getLong(2) == scale.orderCount()
                        && rows.getInt(3) == layout.number;
            }
        }
    }

    /** Whether both tables are in the connection's schema; by the standard's catalog, which DuckDB and PostgreSQL both have. */
    private static boolean bothExist(Connection connection, String table, String other) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(DISTINCT table_name) FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name IN (?, ?)")) {
            query.setString(1, table);
            query.setString(2, other);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getInt(1) == 2;
            }
        }
    }
}
