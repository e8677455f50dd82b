package org.citybrain.control.parking;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What a forecaster may know at a forecast origin: the series of one car park up to and including
 * slot {@code origin}. Reading a later slot is a bug in the forecaster and throws, so no forecaster
 * can peek at the values it is scored on.
 */
public final class History {
    private final OccupancySeries series;
    private final int origin;

    History(OccupancySeries series, int origin) {
        this.series = Objects.requireNonNull(series, "series");
        if (origin < 0 || origin >= series.grid().size()) {
            throw new IllegalArgumentException("origin " + origin + " outside the grid of " + series.grid().size()
                    + " slots");
        }
        this.origin = origin;
    }

    public CarPark carPark() {
        return series.carPark();
    }

    public SlotGrid grid() {
        return series.grid();
    }

    /** Slot index of the forecast origin ("now"). */
    public int origin() {
        return origin;
    }

    public LocalDateTime originTime() {
        return series.grid().time(origin);
    }

    /**
     * Occupied spaces at slot {@code index}, NaN when missing.
     *
     * @throws IllegalStateException when {@code index} lies after the origin
     */
    public double occupancy(int index) {
        if (index > origin) {
            throw new IllegalStateException("forecaster read slot " + index + " of " + carPark().id()
                    + " after the forecast origin " + origin + " (" + originTime() + ")");
        }
        return series.occupancy(index);
    }

    /**
     * Occupied spaces {@code offsetMinutes} from the origin's slot start by the interpolation rule;
     * the offset must not reach past the origin.
     */
    public double occupancyAt(long offsetMinutes) {
        return SlotValues.at(this::occupancy, grid(), origin, offsetMinutes);
    }

    /** The most recent reading at or before the origin, NaN when there is none. */
    public double lastOccupancy() {
        for (int i = origin; i >= 0; i--) {
            double v = series.occupancy(i);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }
}
