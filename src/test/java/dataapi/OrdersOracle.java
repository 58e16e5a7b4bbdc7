package dataapi;

import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reports' answers computed in plain Java from the generator's own rows, with no SQL and no
 * code of the server involved: the independent side of every comparison.
 */
public final class OrdersOracle {
    public record CustomerTotal(long custKey, long cents) {
    }

    public record MonthTotal(String clerk, int month, long cents) {
    }

    public record PriorityTotal(String priority, long cents, long orders) {
    }

    private final List<Order> orders = new ArrayList<>();

    public OrdersOracle(double scaleFactor) {
        for (Order order : new OrderGenerator(scaleFactor, 1, 1)) {
            orders.add(order);
        }
    }

    /** An oracle over the given orders, for data made up by a test. */
    public OrdersOracle(List<Order> orders) {
        this.orders.addAll(orders);
    }

    public List<Order> orders() {
        return orders;
    }

    public List<CustomerTotal> top10(LocalDate start, LocalDate end) {
        Map<Long, Long> totals = new HashMap<>();
        for (Order order : orders) {
            LocalDate date = LocalDate.ofEpochDay(order.getOrderDate());
            if (!date.isBefore(start) && !date.isAfter(end)) {
                totals.merge(order.getCustomerKey(), order.getTotalPriceInCents(), Long::sum);
            }
        }
        return totals.entrySet().stream()
                .map(entry -> new CustomerTotal(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingLong(CustomerTotal::cents).reversed().thenComparingLong(CustomerTotal::custKey))
                .limit(10)
                .toList();
    }

    /**
     * For each order, in the order of {@link #orders()}, its customer's total from {@code halfWindowDays}
     * days before the order's date to {@code halfWindowDays} days after it, both included.
     */
    public long[] windowTotalCents(int halfWindowDays) {
        Map<Long, List<Order>> byCustomer = new HashMap<>();
        for (Order order : orders) {
            byCustomer.computeIfAbsent(order.getCustomerKey(), key -> new ArrayList<>()).add(order);
        }
        long[] totals = new long[orders.size()];
        for (int i = 0; i < totals.length; i++) {
            Order order = orders.get(i);
            for (Order other : byCustomer.get(order.getCustomerKey())) {
                if (Math.abs(other.getOrderDate() - order.getOrderDate()) <= halfWindowDays) {
                    totals[i] += other.getTotalPriceInCents();
                }
            }
        }
        return totals;
    }

    /** How many customers ordered between {@code start} and {@code end}, both included. */
    public long customersOrdering(LocalDate start, LocalDate end) {
        return orders.stream()
                .filter(order -> !LocalDate.ofEpochDay(order.getOrderDate()).isBefore(start) && !LocalDate.ofEpochDay(order.getOrderDate()).isAfter(end))
                .mapToLong(Order::getCustomerKey)
                .distinct()
                .count();
    }

    public List<MonthTotal> clerkMonths(String clerk, int year) {
        Map<Integer, Long> totals = new TreeMap<>();
        for (Order order : orders) {
            LocalDate date = LocalDate.ofEpochDay(order.getOrderDate());
            if (order.getClerk().equals(clerk) && date.getYear() == year) {
                totals.merge(date.getMonthValue(), order.getTotalPriceInCents(), Long::sum);
            }
        }
        return totals.entrySet().stream().map(entry -> new MonthTotal(clerk, entry.getKey(), entry.getValue())).toList();
    }

    /** The orders of a date range, both days included, by priority: their total and how many, in priority order. */
    public List<PriorityTotal> byPriority(LocalDate start, LocalDate end) {
        Map<String, long[]> totals = new TreeMap<>();
        for (Order order : orders) {
            LocalDate date = LocalDate.ofEpochDay(order.getOrderDate());
            if (!date.isBefore(start) && !date.isAfter(end)) {
                long[] centsAndCount = totals.computeIfAbsent(order.getOrderPriority(), any -> new long[2]);
                centsAndCount[0] += order.getTotalPriceInCents();
                centsAndCount[1]++;
            }
        }
        return totals.entrySet().stream().map(entry -> new PriorityTotal(entry.getKey(), entry.getValue()[0], entry.getValue()[1])).toList();
    }

    /** The API's JSON for top-10 rows, written by hand. */
    public static String json(List<CustomerTotal> rows) {
        StringBuilder json = new StringBuilder("[");
        for (CustomerTotal row : rows) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"O_CUSTKEY\":").append(row.custKey()).append(",\"SUM_TOTALPRICE\":").append(money(row.cents())).append('}');
        }
        return json.append(']').toString();
    }

    /** The API's JSON for monthly rows, written by hand. */
    public static String monthsJson(List<MonthTotal> rows) {
        StringBuilder json = new StringBuilder("[");
        for (MonthTotal row : rows) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"O_CLERK\":\"").append(row.clerk()).append("\",\"MONTH\":").append(row.month())
                    .append(",\"SUM_TOTALPRICE\":").append(money(row.cents())).append('}');
        }
        return json.append(']').toString();
    }

    /** Cents as the API writes money: two decimal places. */
    public static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
