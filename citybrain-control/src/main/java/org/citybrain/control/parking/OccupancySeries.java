package org.citybrain.control.parking;

import java.util.Arrays;
import java.util.Objects;

/**
 * Cleaned occupancy of one car park on a {@link SlotGrid}: one value per slot index, in occupied
 * spaces within {@code [0, capacity]}, {@code NaN} where there was no usable reading. Missing slots
 * are never filled in: a forecaster sees the gap as a gap.
 */
public final class OccupancySeries {
    private final CarPark carPark;
    private final SlotGrid grid;
    private final double[] occupancy;

    OccupancySeries(CarPark carPark, SlotGrid grid, double[] occupancy) {
        this.carPark = Objects.requireNonNull(carPark, "carPark");
        this.grid = Objects.requireNonNull(grid, "grid");
        if (occupancy.length != grid.size()) {
            throw new IllegalArgumentException("series of " + carPark.id() + " has " + occupancy.length
                    + " values for a grid of " + grid.size());
        }
        this.occupancy = occupancy;
    }

    /**
     * A series from values per slot index (copied), for tests and for feeds already on a grid.
     *
     * @throws IllegalArgumentException when a value lies outside {@code [0, capacity]} or the length
     *                                  does not match the grid
     */
    public static OccupancySeries of(CarPark carPark, SlotGrid grid, double... occupancy) {
        for (double v : occupancy) {
            if (v < 0 || v > carPark.capacity()) {
                throw new IllegalArgumentException("occupancy of " + carPark.id() + " must lie in [0, "
                        + carPark.capacity() + "] or be NaN, got " + v);
            }
        }
        return new OccupancySeries(carPark, grid, occupancy.clone());
    }

    public CarPark carPark() {
        return carPark;
    }

    public SlotGrid grid() {
        return grid;
    }

    /** Occupied spaces at slot {@code index}, NaN when missing. */
    public double occupancy(int index) {
        return occupancy[index];
    }

    public boolean observed(int index) {
        return !Double.isNaN(occupancy[index]);
    }

    /** Free spaces {@code offsetMinutes} after the start of slot {@code index} by the interpolation rule. */
    public double freeAt(int index, long offsetMinutes) {
        return carPark.capacity() - SlotValues.at(i -> occupancy[i], grid, index, offsetMinutes);
    }

    public int observedCount() {
        int n = 0;
        for (double v : occupancy) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    /** The history that ends at slot {@code origin}: what a forecaster may see at that time. */
    public History historyAt(int origin) {
        return new History(this, origin);
    }

    OccupancySeries truncated(SlotGrid shorter) {
        return new OccupancySeries(carPark, shorter, Arrays.copyOf(occupancy, shorter.size()));
    }
}
