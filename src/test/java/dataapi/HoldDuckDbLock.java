package dataapi;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A process that holds a DuckDB file open for writing, and so locked, until its standard input
 * closes: another program working on the file, as a test sees it.
 */
public final class HoldDuckDbLock {
    private HoldDuckDbLock() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection writer = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() != -1) {
                // Holds the lock until the test closes our input.
            }
        }
    }
}
