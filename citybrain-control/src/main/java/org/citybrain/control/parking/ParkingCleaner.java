package org.citybrain.control.parking;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns raw readings into {@link ParkingData} on a regular grid and reports every repair. The rules,
 * in the order applied:
 * <ol>
 * <li>a car park's capacity is the capacity most of its rows report (ties: the larger);</li>
 * <li>negative occupancy: the row is dropped (a counter fault, the true value is unknown);</li>
 * <li>occupancy above capacity: clamped to capacity, i.e. the car park counts as full (counters
 *     overrun by a few cars when a car park fills; the reading still says "full");</li>
 * <li>a row repeating an earlier row's car park and timestamp: dropped;</li>
 * <li>each reading goes to the slot whose start is nearest, if at most half a slot away; otherwise
 *     it is dropped;</li>
 * <li>two readings in one slot: the one nearest the slot start is kept (ties: the earlier).</li>
 * </ol>
 * Slots without a reading stay missing (NaN); nothing is interpolated into the data. The grid runs
 * from the first to the last day with a usable reading.
 */
public final class ParkingCleaner {
    private ParkingCleaner() {
    }

    /** The cleaned data and what was done to get it. */
    public record Result(ParkingData data, CleaningReport report) {
    }

    /**
     * @throws IllegalArgumentException when no reading is usable
     */
    public static Result clean(List<OccupancyReading> readings, DailySlots daily) {
        Objects.requireNonNull(daily, "daily");
        Map<String, List<OccupancyReading>> byPark = new TreeMap<>();
        for (OccupancyReading r : readings) {
            byPark.computeIfAbsent(r.carParkId(), k -> new ArrayList<>()).add(r);
        }
        long negative = 0;
        long over = 0;
        long mismatch = 0;
        long duplicates = 0;
        Map<String, Integer> capacities = new HashMap<>();
        Map<String, List<OccupancyReading>> kept = new TreeMap<>();
        LocalDate first = null;
        LocalDate last = null;
        for (Map.Entry<String, List<OccupancyReading>> e : byPark.entrySet()) {
            int capacity = usualCapacity(e.getKey(), e.getValue());
            capacities.put(e.getKey(), capacity);
            Set<LocalDateTime> seen = new HashSet<>();
            List<OccupancyReading> good = new ArrayList<>();
            for (OccupancyReading r : e.getValue()) {
                mismatch += r.capacity() != capacity ? 1 : 0;
                if (r.occupancy() < 0) {
                    negative++;
                    continue;
                }
                if (r.occupancy() > capacity) {
                    over++;
                }
                if (!seen.add(r.time())) {
                    duplicates++;
                    continue;
                }
                good.add(r);
                LocalDate day = r.time().toLocalDate();
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
            kept.put(e.getKey(), good);
        }
        if (first == null) {
            throw new IllegalArgumentException("no usable occupancy reading among " + readings.size() + " rows");
        }
        SlotGrid grid = new SlotGrid(first, (int) (last.toEpochDay() - first.toEpochDay() + 1), daily);

        long outside = 0;
        long sameSlot = 0;
        long filled = 0;
        boolean[] dayHasReading = new boolean[grid.days()];
        List<OccupancySeries> series = new ArrayList<>();
        List<CleaningReport.Coverage> sparse = new ArrayList<>();
        for (Map.Entry<String, List<OccupancyReading>> e : kept.entrySet()) {
            CarPark park = new CarPark(e.getKey(), capacities.get(e.getKey()));
            double[] occupancy = new double[grid.size()];
            Arrays.fill(occupancy, Double.NaN);
            long[] offsetSeconds = new long[grid.size()];
            for (OccupancyReading r : e.getValue()) {
                OptionalInt slot = grid.nearest(r.time());
                if (slot.isEmpty()) {
                    outside++;
                    continue;
                }
                int i = slot.getAsInt();
                long offset = Math.abs(Duration.between(grid.time(i), r.time()).toSeconds());
                if (!Double.isNaN(occupancy[i])) {
                    sameSlot++;
                    if (offset >= offsetSeconds[i]) {
                        continue;
                    }
                }
                occupancy[i] = Math.min(r.occupancy(), park.capacity());
                offsetSeconds[i] = offset;
            }
            long parkFilled = 0;
            for (int i = 0; i < occupancy.length; i++) {
                if (!Double.isNaN(occupancy[i])) {
                    parkFilled++;
                    dayHasReading[grid.dayOf(i)] = true;
                }
            }
            filled += parkFilled;
            if (2 * parkFilled < grid.size()) {
                sparse.add(new CleaningReport.Coverage(park.id(), parkFilled, grid.size()));
            }
            series.add(new OccupancySeries(park, grid, occupancy));
        }
        List<LocalDate> emptyDays = new ArrayList<>();
        for (int d = 0; d < grid.days(); d++) {
            if (!dayHasReading[d]) {
                emptyDays.add(grid.firstDay().plusDays(d));
            }
        }
        CleaningReport report = new CleaningReport(readings.size(), byPark.size(), negative, over, mismatch, duplicates,
                outside, sameSlot, (long) grid.size() * series.size(), filled, emptyDays, sparse, grid);
        return new Result(new ParkingData(grid, series), report);
    }

    private static int usualCapacity(String id, List<OccupancyReading> rows) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (OccupancyReading r : rows) {
            counts.merge(r.capacity(), 1, Integer::sum);
        }
        int best = -1;
        int bestCount = 0;
        for (Map.Entry<Integer, Integer> c : counts.entrySet()) {
            if (c.getValue() > bestCount || (c.getValue() == bestCount && c.getKey() > best)) {
                best = c.getKey();
                bestCount = c.getValue();
            }
        }
        if (best < 1) {
            throw new IllegalArgumentException("car park " + id + ": capacity must be at least 1, got " + best);
        }
        return best;
    }
}
