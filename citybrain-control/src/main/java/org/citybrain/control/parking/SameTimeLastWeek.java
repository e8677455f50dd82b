package org.citybrain.control.parking;

/**
 * Baseline: the free spaces seven days before the target time, by the same interpolation rule as
 * the targets; NaN when that reading is missing. Horizons up to one week.
 */
public final class SameTimeLastWeek implements FreeSpaceForecaster {
    public static final String NAME = "same-time-last-week";
    static final int WEEK_MINUTES = 7 * 24 * 60;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double forecastFree(History history, int horizonMinutes) {
        FreeSpaceForecaster.requireHorizon(horizonMinutes);
        if (horizonMinutes > WEEK_MINUTES) {
            throw new IllegalArgumentException(NAME + " forecasts at most a week ahead, asked for " + horizonMinutes
                    + " min");
        }
        return history.carPark().capacity() - history.occupancyAt((long) horizonMinutes - WEEK_MINUTES);
    }
}
