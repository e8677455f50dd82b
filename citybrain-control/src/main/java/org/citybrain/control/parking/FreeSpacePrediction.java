package org.citybrain.control.parking;

/**
 * Free spaces expected at a car park at some time, with the spread of the forecast error.
 *
 * @param freeSpaces  expected free spaces, at least 0
 * @param errorSpread standard deviation of the forecast error in spaces, at least 0 (for roughly
 *                    normal errors about 1.25 x the mean absolute error at that horizon)
 */
public record FreeSpacePrediction(double freeSpaces, double errorSpread) {
    public FreeSpacePrediction {
        if (!(freeSpaces >= 0) || !(errorSpread >= 0) || Double.isInfinite(freeSpaces) || Double.isInfinite(errorSpread)) {
            throw new IllegalArgumentException("free spaces and error spread must be finite and not negative, got "
                    + freeSpaces + " +- " + errorSpread);
        }
    }
}
