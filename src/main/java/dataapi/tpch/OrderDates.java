package dataapi.tpch;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The span of dbgen's order dates (TPC-H 4.2.3): uniform from STARTDATE to ENDDATE less 151 days. */
public final class OrderDates {
    public static final LocalDate FIRST = LocalDate.of(1992, 1, 1);
    public static final LocalDate LAST = LocalDate.of(1998, 8, 2);
    /** How many days orders are spread over. */
    public static final long DAYS = ChronoUnit.DAYS.between(FIRST, LAST) + 1;

    private OrderDates() {
    }

    /** How many days from {@code start} to {@code end}, both included, fall within the span; 0 when none do. */
    private static long daysWithin(LocalDate start, LocalDate end) {
        LocalDate from = start.isAfter(FIRST) ? start : FIRST;
        LocalDate to = end.isBefore(LAST) ? end : LAST;
        return Math.max(0, ChronoUnit.DAYS.between(from, to) + 1);
    }

    /** The expected number of orders from {@code start} to {@code end}, both included, at {@code scale}. */
    public static double expectedOrders(ScaleFactor scale, LocalDate start, LocalDate end) {
        return (double) scale.orderCount() * daysWithin(start, end) / DAYS;
    }
}
