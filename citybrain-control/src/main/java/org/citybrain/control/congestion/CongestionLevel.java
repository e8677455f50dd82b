package org.citybrain.control.congestion;

/**
 * The five congestion levels of a travel-time index, from free flow to severe congestion (畅通,
 * 基本畅通, 轻度拥堵, 中度拥堵, 严重拥堵). Where the boundaries lie is set by {@link CongestionThresholds}.
 */
public enum CongestionLevel {
    FREE, LIGHT, MODERATE, HEAVY, SEVERE;

    /**
     * The level of a travel-time index: below {@code light} is {@link #FREE}, from {@code light}
     * (inclusive) to {@code moderate} is {@link #LIGHT}, and so on; {@code severe} and above is
     * {@link #SEVERE}.
     *
     * @throws IllegalArgumentException when {@code index} is NaN
     */
    public static CongestionLevel of(double index, CongestionThresholds thresholds) {
        if (Double.isNaN(index)) {
            throw new IllegalArgumentException("a travel-time index of NaN has no congestion level");
        }
        if (index < thresholds.light()) {
            return FREE;
        }
        if (index < thresholds.moderate()) {
            return LIGHT;
        }
        if (index < thresholds.heavy()) {
            return MODERATE;
        }
        if (index < thresholds.severe()) {
            return HEAVY;
        }
        return SEVERE;
    }
}
