package org.citybrain.govern.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Key figures of one department (or all) over one period {@code [from, to)}.
 *
 * <ul>
 *   <li>{@code due}: cases whose deadline falls in the period;</li>
 *   <li>{@code closureRate}: of those, the share closed (by now); {@code onTimeRate}: the share
 *       closed by their deadline;</li>
 *   <li>{@code onTimeAmongClosed}: of the due cases that are closed, the share closed by their deadline;</li>
 *   <li>{@code medianHours}, {@code p90Hours}: handling time (closed − reported) of the cases closed in
 *       the period; the median of an even count is the mean of the middle two, the 90th percentile is
 *       the nearest rank;</li>
 *   <li>{@code overdueNow}: open cases past their deadline at {@code now}, whatever the period.</li>
 *   <li>{@code openNow}: cases neither closed nor rejected now, whatever the period.</li>
 * </ul>
 * A rate or time over no case is NaN.
 */
public record Kpis(String department, Instant from, Instant to, int due, int closed, int closedOnTime, double closureRate,
        double onTimeRate, double onTimeAmongClosed, int closedInPeriod, double medianHours, double p90Hours, int overdueNow,
        int openNow) {

    /** The figures of {@code cases} (all one department's, or everyone's as {@code department}). */
    public static Kpis of(String department, List<Case> cases, Instant from, Instant to, Instant now) {
        int due = 0;
        int closed = 0;
        int onTime = 0;
        int overdue = 0;
        int open = 0;
        List<Double> hours = new ArrayList<>();
        for (Case c : cases) {
            Optional<Instant> deadline = c.deadline();
            Optional<Instant> closedAt = c.status() == CaseStatus.CLOSED ? c.closedAt() : Optional.empty();
            if (deadline.isPresent() && in(deadline.get(), from, to)) {
                due++;
                if (closedAt.isPresent()) {
                    closed++;
                    if (!closedAt.get().isAfter(deadline.get())) {
                        onTime++;
                    }
                }
            }
            if (closedAt.isPresent() && in(closedAt.get(), from, to)) {
                hours.add(Duration.between(c.reportedAt(), closedAt.get()).toMillis() / 3_600_000.0);
            }
            if (c.overdue(now)) {
                overdue++;
            }
            if (!c.status().terminal()) {
                open++;
            }
        }
        double[] h = hours.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Kpis(department, from, to, due, closed, onTime, ratio(closed, due), ratio(onTime, due), ratio(onTime, closed),
                h.length, median(h), nearestRank(h, 0.9), overdue, open);
    }

    /** The figures per department (cases without one under {@code "(none)"}), by department name. */
    public static Map<String, Kpis> byDepartment(List<Case> cases, Instant from, Instant to, Instant now) {
        Map<String, List<Case>> groups = new TreeMap<>();
        for (Case c : cases) {
            groups.computeIfAbsent(c.department().orElse("(none)"), k -> new ArrayList<>()).add(c);
        }
        Map<String, Kpis> out = new TreeMap<>();
        groups.forEach((d, list) -> out.put(d, of(d, list, from, to, now)));
        return out;
    }

    /**
     * {@link #byDepartment(List, Instant, Instant, Instant)}, with a row also for each of
     * {@code departments} (empty: {@code "(none)"}) that has no case in {@code cases}.
     */
    public static Map<String, Kpis> byDepartment(List<Case> cases, java.util.Collection<Optional<String>> departments,
            Instant from, Instant to, Instant now) {
        Map<String, Kpis> out = byDepartment(cases, from, to, now);
        for (Optional<String> d : departments) {
            String name = d.orElse("(none)");
            out.computeIfAbsent(name, n -> of(n, List.of(), from, to, now));
        }
        return out;
    }

    private static boolean in(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double nearestRank(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    @Override
    public String toString() {
        return department + Arrays.asList(due, closed, closedOnTime, closedInPeriod, overdueNow, openNow);
    }
}
