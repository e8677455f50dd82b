package org.citybrain.control.parking;

/**
 * How {@link ParkingGuide} weighs walking against the risk of a full car park.
 *
 * @param walkingSpeed       metres per second on foot, above 0 (default 1.3, about 4.7 km/h)
 * @param detourFactor       walking route length over straight-line distance, at least 1 (default
 *                           1.3, typical for city street grids)
 * @param maxWalkMetres      car parks with a longer walk are not recommended (default 1,500 m)
 * @param fullPenaltyMinutes minutes lost when the car park turns out full: driving on and searching
 *                           (default 15)
 */
public record GuideSettings(double walkingSpeed, double detourFactor, double maxWalkMetres,
                            double fullPenaltyMinutes) {
    public static final GuideSettings DEFAULT = new GuideSettings(1.3, 1.3, 1_500, 15);

    public GuideSettings {
        if (!(walkingSpeed > 0) || !(detourFactor >= 1) || !(maxWalkMetres > 0) || !(fullPenaltyMinutes >= 0)
                || Double.isInfinite(walkingSpeed) || Double.isInfinite(detourFactor)
                || Double.isInfinite(fullPenaltyMinutes)) {
            throw new IllegalArgumentException("guide settings need walking speed > 0, detour factor >= 1, "
                    + "max walk > 0 and full penalty >= 0, all finite except max walk; got " + this);
        }
    }
}
