package org.citybrain.control.parking;

/**
 * Baseline: the free spaces of the most recent reading at or before the origin, whatever the
 * horizon ("nothing changes").
 */
public final class Persistence implements FreeSpaceForecaster {
    public static final String NAME = "persistence";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double forecastFree(History history, int horizonMinutes) {
        FreeSpaceForecaster.requireHorizon(horizonMinutes);
        return history.carPark().capacity() - history.lastOccupancy();
    }
}
