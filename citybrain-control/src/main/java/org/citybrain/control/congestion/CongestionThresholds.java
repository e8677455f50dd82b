package org.citybrain.control.congestion;

/**
 * Lower bounds of the travel-time index for the levels above {@link CongestionLevel#FREE}; each
 * bound belongs to the level it starts. Defaults ({@link #defaults()}): 1.5, 2, 3, 4 — the five
 * speed bands Chinese practice uses for urban arterials (above 40, 30–40, 20–30, 15–20 and at most
 * 15 km/h) expressed as ratios to a 60 km/h free-flow speed; see {@code docs/congestion.md}.
 *
 * @param light    index from which traffic is {@link CongestionLevel#LIGHT}, &gt; 1
 * @param moderate from which it is {@link CongestionLevel#MODERATE}, &gt; light
 * @param heavy    from which it is {@link CongestionLevel#HEAVY}, &gt; moderate
 * @param severe   from which it is {@link CongestionLevel#SEVERE}, &gt; heavy, finite
 */
public record CongestionThresholds(double light, double moderate, double heavy, double severe) {
    public CongestionThresholds {
        if (!(light > 1) || !Double.isFinite(light)) {
            throw new IllegalArgumentException("congestion threshold light must be a finite index above 1 (1 is free flow, "
                    + "and no road is faster), got " + light);
        }
        requireAbove("moderate", moderate, "light", light);
        requireAbove("heavy", heavy, "moderate", moderate);
        requireAbove("severe", severe, "heavy", heavy);
    }

    public static CongestionThresholds defaults() {
        return new CongestionThresholds(1.5, 2.0, 3.0, 4.0);
    }

    private static void requireAbove(String name, double value, String belowName, double below) {
        if (!(value > below) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("congestion thresholds must increase: " + name + " (" + value
                    + ") must be a finite index above " + belowName + " (" + below + ")");
        }
    }
}
