package dataapi.tpch;

import dataapi.OrdersOracle;
import dataapi.StandardError;
import dataapi.TestData;
import dataapi.warehouse.DuckDbConnections;
import io.trino.tpch.GenerateUtils;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedTpchTest {
    private static final String ORDER_1 = "1|36901|O|173665.47|1996-01-02|5-LOW|Clerk#000000951|0|nstructions sleep furiously among |";

    @Test
    void scaleFactorOneHoldsDbgensOrders(@TempDir Path dataDir) throws Exception {
        ScaleFactor one = ScaleFactor.parse("1");
        Path file = new EmbeddedTpch(dataDir, 2, line -> { }).ensure(one);

        assertThat(file).isEqualTo(dataDir.resolve("tpch-sf1.duckdb"));
        try (Connection connection = readOnly(file); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*), sum(o_totalprice) FROM orders")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1_500_000L);
                assertThat(rows.getBigDecimal(2)).isEqualByComparingTo(new BigDecimal("226829306447.46"));
            }
            try (ResultSet rows = statement.executeQuery("SELECT " + GeneratorLines.LINE + " FROM orders WHERE o_orderkey = 1")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(ORDER_1);
            }
        }
        // The load names most columns' compression; DuckDB, left to choose, chooses the same for most
        // segments (not always all: in one run it left one of the comment's 101 uncompressed).
        try (Connection chosen = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("chosen.duckdb"));
             Statement statement = chosen.createStatement()) {
            statement.execute("ATTACH '" + file + "' AS generated (READ_ONLY)");
            statement.execute("CREATE TABLE orders AS SELECT * FROM generated.orders");
            statement.execute("CHECKPOINT");
            List<String> named = EmbeddedTpch.ORDERS_COLUMNS.stream().filter(column -> column.compression() != null)
                    .map(EmbeddedTpch.OrdersColumn::name).toList();
            assertThat(named).hasSize(7);
            assertThat(compressions(statement, "generated.orders", named)).isEqualTo(compressions(statement, "orders", named)).hasSize(7);
        }
    }

    /** The compression method of most segments of each of {@code columns}. */
    private static Map<String, String> compressions(Statement statement, String table, List<String> columns) throws Exception {
        Map<String, String> methods = new TreeMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT column_name, arg_max(compression, segments) FROM (SELECT column_name,"
                + " compression, count(*) AS segments FROM pragma_storage_info('" + table + "') WHERE segment_type <> 'VALIDITY'"
                + " GROUP BY ALL) GROUP BY column_name")) {
            while (rows.next()) {
                if (columns.contains(rows.getString(1))) {
                    methods.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return methods;
    }

    @Test
    void aScaleWhoseOrderCountIsNotWholeInDoublesIsCompleteOnceGenerated(@TempDir Path dataDir) throws Exception {
        // 1,500,000 x 0.29 is just under 435,000 in doubles, io.trino.tpch's count; dbgen's driver takes 290
        // thousandths of the scale and makes 435,000 orders.
        ScaleFactor scale = ScaleFactor.parse("0.29");
        long dbgensCount = 435_000;
        assertThat(GenerateUtils.calculateRowCount(OrderGenerator.SCALE_BASE, scale.asDouble(), 1, 1)).isEqualTo(dbgensCount - 1);
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.ensure(scale);

        assertThat(EmbeddedTpch.reasonToGenerate(file, scale)).as("a later start takes the file as complete").isEmpty();
        try (Connection connection = readOnly(file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), max(o_custkey) <= " + scale.customerCount() + " FROM orders")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(dbgensCount);
            assertThat(rows.getBoolean(2)).as("customer keys within the scale's customers").isTrue();
        }
    }

    @Test
    void everyRowEqualsTheGeneratorsLine() throws Exception {
        try (Connection connection = readOnly(TestData.database())) {
            GeneratorLines.assertEveryRowIsTheGeneratorsLine(connection, TestData.SCALE);
        }
    }

    @Test
    void ordersAreStoredInOrderDateMonths() throws Exception {
        try (Connection connection = readOnly(TestData.database()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM (SELECT date_trunc('month', o_orderdate) AS month,"
                     + " lag(date_trunc('month', o_orderdate)) OVER (ORDER BY rowid) AS previous FROM orders) WHERE month < previous")) {
            rows.next();
            assertThat(rows.getLong(1)).as("rows whose month comes before the previous row's").isZero();
        }
    }

    @Test
    void clerkMonthlySalesEqualsOrdersSummedByClerkAndMonth() throws Exception {
        String fromOrders = "SELECT o_clerk, year(o_orderdate), month(o_orderdate), sum(o_totalprice) FROM orders GROUP BY ALL";
        String derived = "SELECT o_clerk, year, month, sum_totalprice FROM clerk_monthly_sales";
        try (Connection connection = readOnly(TestData.database()); Statement statement = connection.createStatement()) {
            for (String difference : new String[]{fromOrders + " EXCEPT " + derived, derived + " EXCEPT " + fromOrders}) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM (" + difference + ")")) {
                    rows.next();
                    assertThat(rows.getLong(1)).as(difference).isZero();
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM clerk_monthly_sales")) {
                rows.next();
                assertThat(rows.getLong(1)).isPositive();
            }
        }
    }

    @Test
    void ordersWindowTotalsHoldEachOrdersCustomerTotalFrom183DaysBeforeTo183DaysAfter() throws Exception {
        OrdersOracle oracle = new OrdersOracle(TestData.SCALE.asDouble());
        long[] windowTotals = oracle.windowTotalCents(183);
        List<String> expected = new ArrayList<>();
        List<String> expectedLeaders = new ArrayList<>();
        for (int i = 0; i < windowTotals.length; i++) {
            Order order = oracle.orders().get(i);
            String row = LocalDate.ofEpochDay(order.getOrderDate()) + " " + order.getCustomerKey() + " " + order.getTotalPriceInCents();
            expected.add(row + " " + windowTotals[i]);
            if (windowTotals[i] >= 1_200_000_00L) {
                expectedLeaders.add(row);
            }
        }

        assertThat(storedInDateOrder("SELECT o_orderdate, o_custkey, o_totalprice, window_total FROM orders_window_totals"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(storedInDateOrder("SELECT o_orderdate, o_custkey, o_totalprice FROM orders_window_leaders"))
                .as("the orders of the first pass, from 1,200,000").isNotEmpty().containsExactlyInAnyOrderElementsOf(expectedLeaders);
    }

    /** Every order's customer, date and price, stored in customer key order, so that each key range is row groups of its own. */
    @Test
    void ordersByCustomerHoldEveryOrdersCustomerDateAndPriceInCustomerKeyOrder() throws Exception {
        List<String> expected = new OrdersOracle(TestData.SCALE.asDouble()).orders().stream()
                .map(order -> order.getCustomerKey() + " " + LocalDate.ofEpochDay(order.getOrderDate()) + " " + order.getTotalPriceInCents())
                .toList();
        List<String> stored = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        try (Connection connection = readOnly(TestData.database()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT o_custkey, o_orderdate, o_totalprice FROM orders_by_customer ORDER BY rowid")) {
            while (rows.next()) {
                long customer = rows.getLong(1);
                assertThat(customer).as("stored in customer key order").isGreaterThanOrEqualTo(previous);
                previous = customer;
                stored.add(customer + " " + rows.getObject(2, LocalDate.class) + " " + cents(rows.getBigDecimal(3)));
            }
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The rows of {@code query}, a table's date and then its other columns, as text with money in cents; checks they are in date order. */
    private static List<String> storedInDateOrder(String query) throws Exception {
        List<String> stored = new ArrayList<>();
        LocalDate previous = LocalDate.MIN;
        try (Connection connection = readOnly(TestData.database()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query + " ORDER BY rowid")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                LocalDate date = rows.getObject(1, LocalDate.class);
                assertThat(date).as("stored in date order").isAfterOrEqualTo(previous);
                previous = date;
                StringBuilder row = new StringBuilder(date + " " + rows.getLong(2));
                for (int column = 3; column <= columns; column++) {
                    row.append(' ').append(cents(rows.getBigDecimal(column)));
                }
                stored.add(row.toString());
            }
        }
        return stored;
    }

    private static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    /** An earlier layout's record: a lower layout number, or one from before the layout column. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "UPDATE dataapi_dataset SET layout = layout - 1|it holds no complete load of scale factor",
            "ALTER TABLE dataapi_dataset DROP COLUMN layout|it holds an earlier layout (Binder Error"})
    void aFileOfAnEarlierLayoutIsGeneratedAgain(String change, String reason, @TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        Files.copy(TestData.database(), file);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file); Statement statement = connection.createStatement()) {
            statement.execute(change);
        }

        assertReplacedOnce(tpch, file, reason);
    }

    @Test
    void aFileThatIsNotADatabaseIsGeneratedAgain(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        Files.write(file, new byte[]{1, 2, 3, 4});

        assertReplacedOnce(tpch, file, "it is not a DuckDB database");
    }

    @Test
    void aDatabaseWithoutItsCompletionRecordIsGeneratedAgain(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders AS SELECT range AS o_orderkey FROM range(100)");
        }

        assertReplacedOnce(tpch, file, "it holds no complete load of scale factor " + TestData.SCALE);
    }

    /** {@code file} is found wanting, generated again, and the log says so once, with the reason. */
    private static void assertReplacedOnce(EmbeddedTpch tpch, Path file, String reason) throws Exception {
        assertThat(EmbeddedTpch.reasonToGenerate(file, TestData.SCALE)).hasValueSatisfying(found -> assertThat(found).startsWith(reason));
        String logged = StandardError.during(() -> assertThat(tpch.ensure(TestData.SCALE)).isEqualTo(file));
        assertThat(logged.split(Pattern.quote("Replacing " + file + ": " + reason), -1)).as(logged).hasSize(2);
        assertThat(EmbeddedTpch.reasonToGenerate(file, TestData.SCALE)).isEmpty();
    }

    @Test
    void aDatabaseThatCannotBeReadIsLeftAsItIs(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        // A DuckDB file cut short: its header is whole, the blocks it names are not there.
        byte[] start = Arrays.copyOf(Files.readAllBytes(TestData.database()), 16 * 1024);
        Files.write(file, start);

        assertThatThrownBy(() -> tpch.ensure(TestData.SCALE))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(EmbeddedTpch.DatabaseLockedException.class)
                .hasMessageContaining(file + ", which is left as it is (remove it to generate it again)");
        assertThat(Files.readAllBytes(file)).isEqualTo(start);
    }

    /** Cut by less than a block, or by one, the file still opens and reads as complete: its size gives it away. */
    @Test
    void aDatabaseCutShortAtItsEndIsLeftAsItIs(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        byte[] whole = Files.readAllBytes(TestData.database());
        for (int cut : new int[] {4096, 100_000, 262_144}) {
            byte[] start = Arrays.copyOf(whole, whole.length - cut);
            Files.write(file, start);

            assertThatThrownBy(() -> tpch.ensure(TestData.SCALE)).as("cut by " + cut)
                    .isInstanceOf(IOException.class)
                    .hasMessage("the DuckDB file " + file + " is cut short: " + start.length + " bytes, where its header counts "
                            + whole.length + "; it is left as it is (remove it to generate it again)");
            assertThat(Files.readAllBytes(file)).isEqualTo(start);
        }
        Files.write(file, whole);
        assertThat(EmbeddedTpch.reasonToGenerate(file, TestData.SCALE)).as("the whole file").isEmpty();
    }

    @Test
    void aLinkToAFileThatIsNotThereIsLeftAsItIs(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        Path target = dataDir.resolve("not-mounted").resolve(file.getFileName());
        Files.createSymbolicLink(file, target);

        assertThatThrownBy(() -> tpch.ensure(TestData.SCALE)).isInstanceOf(IOException.class)
                .hasMessage(file + " is a link to " + target + ", and the file it links to does not exist; the link is left as it is"
                        + " (remove it to generate the data here)");
        assertThat(Files.readSymbolicLink(file)).isEqualTo(target);
        assertThat(target).doesNotExist();
    }

    @Test
    void aLinkToAFileThatMustBeGeneratedAgainIsNotReplaced(@TempDir Path dataDir, @TempDir Path storage) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        Path target = Files.write(storage.resolve(file.getFileName()), new byte[]{1, 2, 3, 4});
        Files.createSymbolicLink(file, target);

        assertThatThrownBy(() -> tpch.ensure(TestData.SCALE)).isInstanceOf(IOException.class)
                .hasMessage(file + " is a link to " + target + ", and it is not a DuckDB database; the link is left as it is"
                        + " (remove it to generate the data here)");
        assertThat(Files.readSymbolicLink(file)).isEqualTo(target);
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aDirectoryWhereTheFileBelongsStopsBeforeAnyGeneration(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = Files.createDirectory(tpch.databaseFile(TestData.SCALE));

        assertThatThrownBy(() -> tpch.ensure(TestData.SCALE)).isInstanceOf(IOException.class)
                .hasMessage(file + " is not a file, so the data cannot be written there: move it away");
        try (Stream<Path> entries = Files.list(dataDir)) {
            assertThat(entries.map(path -> path.getFileName().toString())).as("no generation started").containsExactly(file.getFileName().toString());
        }
    }

    @Test
    void aDatabaseOpenWithOtherSettingsIsBusyAndNotGeneratedAgain(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path file = tpch.databaseFile(TestData.SCALE);
        Files.copy(TestData.database(), file);
        long modified = Files.getLastModifiedTime(file).toMillis();

        try (DuckDbConnections serving = TestData.duckDb(file);
             Connection open = serving.getConnection()) {
            assertThatThrownBy(() -> tpch.ensure(TestData.SCALE))
                    .isInstanceOf(EmbeddedTpch.DatabaseLockedException.class)
                    .hasMessageContaining("is in use");
            assertThat(open.isValid(1)).isTrue();
        }
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertThat(EmbeddedTpch.reasonToGenerate(file, TestData.SCALE)).isEmpty();
    }

    @Test
    void aCompleteDatabaseOfAnotherScaleIsNotTaken(@TempDir Path dataDir) throws Exception {
        ScaleFactor other = ScaleFactor.parse("0.02");
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Files.copy(TestData.database(), tpch.databaseFile(other));

        assertThat(EmbeddedTpch.reasonToGenerate(tpch.databaseFile(other), other)).isPresent();
    }

    @Test
    void workLeftByAnInterruptedRunIsRemovedAndNeverTaken(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Path abandoned = Files.createDirectory(dataDir.resolve(".generating-" + TestData.SCALE.label() + "-12345"));
        // Even a whole database, if it never got its final name, is not taken as complete.
        Files.copy(TestData.database(), abandoned.resolve(tpch.databaseFile(TestData.SCALE).getFileName()));
        Files.writeString(abandoned.resolve("orders-1.tbl"), "1|2|O|");

        assertThat(EmbeddedTpch.reasonToGenerate(tpch.databaseFile(TestData.SCALE), TestData.SCALE)).isPresent();
        tpch.ensure(TestData.SCALE);

        assertThat(abandoned).doesNotExist();
        assertThat(EmbeddedTpch.reasonToGenerate(tpch.databaseFile(TestData.SCALE), TestData.SCALE)).isEmpty();
    }

    /** An interrupted run's work (a large folder at scale factor 10) goes at the next start, even one that generates nothing. */
    @Test
    void workLeftByAnInterruptedRunIsRemovedByAStartThatFindsTheDataComplete(@TempDir Path dataDir) throws Exception {
        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        Files.copy(TestData.database(), tpch.databaseFile(TestData.SCALE));
        Path abandoned = Files.createDirectory(dataDir.resolve(".generating-sf10-12345"));
        Files.writeString(abandoned.resolve("orders-1.tbl"), "1|2|O|");

        String logged = StandardError.during(() -> assertThat(tpch.ensure(TestData.SCALE)).isEqualTo(tpch.databaseFile(TestData.SCALE)));

        assertThat(abandoned).doesNotExist();
        assertThat(logged).contains("Removing the remains of an interrupted generation: " + abandoned);
        assertThat(Files.readAllBytes(tpch.databaseFile(TestData.SCALE))).isEqualTo(Files.readAllBytes(TestData.database()));
    }

    @Test
    void aGenerationKilledWithSigkillIsNotTakenAsComplete(@TempDir Path dataDir) throws Exception {
        ScaleFactor scale = ScaleFactor.parse("0.1");
        // Its temporary files (DuckDB's native library among them, which a killed JVM leaves) stay in the test's directory.
        Path temporaryFiles = Files.createDirectory(dataDir.resolve("tmp"));
        Process generate = new ProcessBuilder(javaExecutable(), "-Djava.io.tmpdir=" + temporaryFiles, "-cp", System.getProperty("java.class.path"),
                "dataapi.Main", "generate", "--scale", scale.toString(), "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("generate.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!workStarted(dataDir) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(workStarted(dataDir)).as("generation started").isTrue();
        } finally {
            generate.destroyForcibly();
            generate.waitFor(30, TimeUnit.SECONDS);
        }

        EmbeddedTpch tpch = new EmbeddedTpch(dataDir, 2, line -> { });
        assertThat(EmbeddedTpch.reasonToGenerate(tpch.databaseFile(scale), scale)).isPresent();
        tpch.ensure(scale);
        assertThat(EmbeddedTpch.reasonToGenerate(tpch.databaseFile(scale), scale)).isEmpty();
        assertThat(workStarted(dataDir)).as("abandoned work removed").isFalse();
    }

    private static boolean workStarted(Path dataDir) throws Exception {
        try (Stream<Path> entries = Files.list(dataDir)) {
            List<Path> work = entries.filter(path -> path.getFileName().toString().startsWith(".generating-")).toList();
            return !work.isEmpty();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Connection readOnly(Path file) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + file, properties);
    }
}
