package org.citybrain.control.parking;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cleaned occupancy of several car parks on one {@link SlotGrid}, ordered by car park id.
 */
public final class ParkingData {
    private final SlotGrid grid;
    private final List<OccupancySeries> series;

    public ParkingData(SlotGrid grid, List<OccupancySeries> series) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.series = List.copyOf(series);
        for (OccupancySeries s : this.series) {
            if (!s.grid().equals(grid)) {
                throw new IllegalArgumentException("series of " + s.carPark().id() + " lies on another grid");
            }
        }
    }

    public SlotGrid grid() {
        return grid;
    }

    public List<OccupancySeries> series() {
        return series;
    }

    public Optional<OccupancySeries> series(String carParkId) {
        return series.stream().filter(s -> s.carPark().id().equals(carParkId)).findFirst();
    }

    /**
     * A copy holding only the days up to and including {@code lastDay}: the training set of a
     * temporal split. Nothing after {@code lastDay} survives in it, so a model fitted on it cannot
     * have seen the test period.
     */
    public ParkingData until(LocalDate lastDay) {
        long keep = Math.max(0, Math.min(grid.days(), lastDay.toEpochDay() - grid.firstDay().toEpochDay() + 1));
        SlotGrid shorter = grid.truncated((int) keep);
        return new ParkingData(shorter, series.stream().map(s -> s.truncated(shorter)).toList());
    }
}
