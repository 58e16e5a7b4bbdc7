package dataapi.tpch;

import java.time.LocalDate;

/** The span of dbgen's order dates (TPC-H 4.2.3): uniform from STARTDATE to ENDDATE less 151 days. */
public final class OrderDates {
    public static final LocalDate FIRST = LocalDate.of(1992, 1, 1);
    public static final LocalDate LAST = LocalDate.of(1998, 8, 2);

    private OrderDates() {
    }
}
