package dataapi.tpch;

import io.trino.tpch.Distributions;

import java.time.LocalDate;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

/**
 * dbgen's ORDERS rows of one part of the table, computed as trino-tpch's {@code OrderGenerator}
 * computes them (the same random streams, draws and rules, so the same rows as dbgen) and written
 * straight to text: a row is a few longs here and its bytes in the {@link LineBuffer}, with no row
 * object and no string in between, and the comment is copied from the text pool as bytes.
 *
 * <p>A part is a run of order indexes; its streams skip ahead to the part's first row, so parts
 * are generated independently, in parallel.
 */
final class DbgenOrders {
    /** One customer in three places no order. */
    private static final int CUSTOMER_MORTALITY = 3;
    private static final int MAX_LINES = 7;
    private static final int COMMENT_AVERAGE_LENGTH = 49;
    private static final int COMMENT_MIN_LENGTH = (int) (COMMENT_AVERAGE_LENGTH * 0.4);
    private static final int COMMENT_MAX_LENGTH = (int) (COMMENT_AVERAGE_LENGTH * 1.6);
    private static final int SHIP_DAYS_MAX = 121;

    /** Order dates as days from the first, 1992-01-01, and their text. */
    private static final int LAST_DAY = (int) (OrderDates.LAST.toEpochDay() - OrderDates.FIRST.toEpochDay());
    private static final byte[][] DATE_TEXT = new byte[LAST_DAY + 1][];
    /** TPC-H's current date (1995-06-17): a line item shipped on or before it makes its order filled. */
    private static final int LAST_SHIPPED_DAY = (int) (LocalDate.of(1995, 6, 17).toEpochDay() - OrderDates.FIRST.toEpochDay());
    private static final byte[] CLERK = "Clerk#".getBytes(US_ASCII);

    static {
        for (int day = 0; day <= LAST_DAY; day++) {
            DATE_TEXT[day] = OrderDates.FIRST.plusDays(day).toString().getBytes(US_ASCII);
        }
    }

    // dbgen's streams, by the seeds it gives them, and the draws each makes per order.
    private final DbgenRandom orderDates = new DbgenRandom(1066728069, 1);
    private final DbgenRandom lineCounts = new DbgenRandom(1434868289, 1);
    private final DbgenRandom customerKeys = new DbgenRandom(851767375, 1);
    private final DbgenRandom priorities = new DbgenRandom(591449447, 1);
    private final DbgenRandom clerks = new DbgenRandom(1171034773, 1);
    private final DbgenRandom comments = new DbgenRandom(276090261, 2);
    private final DbgenRandom quantities = new DbgenRandom(209208115, MAX_LINES);
    private final DbgenRandom discounts = new DbgenRandom(554590007, MAX_LINES);
    private final DbgenRandom taxes = new DbgenRandom(721958466, MAX_LINES);
    private final DbgenRandom partKeys = new DbgenRandom(1808217256, MAX_LINES);
    private final DbgenRandom shipDays = new DbgenRandom(1769349045, MAX_LINES);
    private final DbgenRandom[] streams = {orderDates, lineCounts, customerKeys, priorities, clerks, comments,
        quantities, discounts, taxes, partKeys, shipDays};

    private final DbgenTextPool textPool;
    private final DbgenDistribution priorityNames;
    private final int maxCustomerKey;
    private final int maxPartKey;
    private final int clerkCount;
    private final long endIndex;
    private long index;

    // The current row.
    private long orderKey;
    private long customerKey;
    private char status;
    private long totalPriceCents;
    private int day;
    private byte[] priority;
    private int clerk;
    private int commentBegin;
    private int commentLength;

    /**
     * The orders of {@code part} (from 1) of {@code parts}: each part has the same number of rows,
     * the last one the remainder too, as dbgen divides a table.
     */
    DbgenOrders(ScaleFactor scale, int part, int parts, DbgenTextPool textPool, Distributions distributions) {
        if (part < 1 || part > parts) {
            throw new IllegalArgumentException("part must be in [1, " + parts + "], got " + part);
        }
        this.textPool = requireNonNull(textPool, "textPool is null");
        this.priorityNames = new DbgenDistribution(distributions.getOrderPriorities());
        long rows = scale.orderCount();
        this.maxCustomerKey = Math.toIntExact(scale.customerCount());
        this.maxPartKey = Math.toIntExact(scale.partCount());
        this.clerkCount = Math.toIntExact(scale.clerkCount());
        long rowsPerPart = rows / parts;
        this.index = rowsPerPart * (part - 1);
        this.endIndex = part == parts ? rows : index + rowsPerPart;
        for (DbgenRandom stream : streams) {
            stream.skipRows(index);
        }
    }

    /** Moves to the next row; false when the part has no more. */
    boolean next() {
        if (index == endIndex) {
            return false;
        }
        index++;
        orderKey = orderKey(index);
        day = orderDates.nextInt(0, LAST_DAY);
        customerKey = customerKey();
        int lines = lineCounts.nextInt(1, MAX_LINES);
        int shipped = 0;
        long total = 0;
        for (int line = 0; line < lines; line++) {
            int quantity = quantities.nextInt(1, 50);
            int discount = discounts.nextInt(0, 10);
            int tax = taxes.nextInt(0, 8);
            long extendedPrice = partPriceCents(partKeys.nextInt(1, maxPartKey)) * quantity;
            total += extendedPrice * (100 - discount) / 100 * (100 + tax) / 100;
            if (day + shipDays.nextInt(1, SHIP_DAYS_MAX) <= LAST_SHIPPED_DAY) {
                shipped++;
            }
        }
        totalPriceCents = total;
        status = shipped == lines ? 'F' : shipped > 0 ? 'P' : 'O';
        priority = priorityNames.pick(priorities);
        clerk = clerks.nextInt(1, clerkCount);
        commentBegin = comments.nextInt(0, textPool.size() - COMMENT_MAX_LENGTH);
        commentLength = comments.nextInt(COMMENT_MIN_LENGTH, COMMENT_MAX_LENGTH);
        for (DbgenRandom stream : streams) {
            stream.rowFinished();
        }
        return true;
    }

    /** The current row's order date, in days from 1992-01-01. */
    int day() {
        return day;
    }

    /** The current row, columns in TPC-H order, without dbgen's trailing '|'. */
    void appendLine(LineBuffer line) {
        line.append(orderKey).append('|')
                .append(customerKey).append('|')
                .append(status).append('|')
                .append(totalPriceCents / 100).append('.').append(totalPriceCents % 100, 2).append('|')
                .append(DATE_TEXT[day]).append('|')
                .append(priority).append('|')
                .append(CLERK).append(clerk, 9).append('|')
                .append(0).append('|');
        textPool.appendText(line, commentBegin, commentBegin + commentLength);
        line.append('\n');
    }

    /** Keys are sparse: of each 32 keys the first 8 are used. */
    private static long orderKey(long index) {
        return (index >>> 3 << 5) + (index & 7);
    }

    /** A uniform key, moved off the customers that place no orders (every third), alternately up and down. */
    private long customerKey() {
        long key = customerKeys.nextInt(1, maxCustomerKey);
        int delta = 1;
        while (key % CUSTOMER_MORTALITY == 0) {
            key = Math.min(key + delta, maxCustomerKey);
            delta = -delta;
        }
        return key;
    }

    /** dbgen's retail price of a part, in cents. */
    private static long partPriceCents(long partKey) {
        return 90_000 + partKey / 10 % 20_001 + partKey % 1_000 * 100;
    }
}
