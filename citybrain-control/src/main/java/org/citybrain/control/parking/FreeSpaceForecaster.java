package org.citybrain.control.parking;

/**
 * Forecasts the free spaces of one car park some minutes after a forecast origin, knowing only the
 * {@link History} up to that origin. Implementations are immutable once built (any fitting happens
 * before, on training data) and safe to share between threads.
 */
public interface FreeSpaceForecaster {

    /** Short name for tables, e.g. {@code persistence}. */
    String name();

    /**
     * @param history        the car park's readings up to the origin
     * @param horizonMinutes minutes after the start of the origin slot, at least 0
     * @return free spaces expected then, within {@code [0, capacity]}; NaN when this forecaster has no
     *         basis for a forecast (e.g. no reading a week before)
     * @throws IllegalArgumentException when {@code horizonMinutes} is negative or beyond what the
     *                                  forecaster supports
     */
    double forecastFree(History history, int horizonMinutes);

    static void requireHorizon(int horizonMinutes) {
        if (horizonMinutes < 0) {
            throw new IllegalArgumentException("horizon must not be negative, got " + horizonMinutes + " min");
        }
    }
}
