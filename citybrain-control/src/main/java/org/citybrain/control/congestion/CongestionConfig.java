package org.citybrain.control.congestion;

/**
 * Settings of a {@link CongestionIndex}; {@link #defaults()} documents the default of each.
 *
 * @param thresholds        level boundaries; default {@link CongestionThresholds#defaults()}
 * @param maxIndex          cap on a road's travel-time index, &gt; 1, default 10: a road whose
 *                          vehicles stand still counts as moving at free-flow speed ÷ maxIndex,
 *                          so a jam weighs heavily but finitely
 * @param staleAfterSeconds a road whose latest observation ended more than this before the newest
 *                          one seen is left out of snapshots (a sensor that fell silent), &gt; 0,
 *                          default 900 (three 5-minute intervals)
 */
public record CongestionConfig(CongestionThresholds thresholds, double maxIndex, double staleAfterSeconds) {
    public CongestionConfig {
        if (thresholds == null) {
            throw new IllegalArgumentException("congestion config needs thresholds");
        }
        if (!(maxIndex > 1) || !Double.isFinite(maxIndex)) {
            throw new IllegalArgumentException("congestion maxIndex must be a finite index above 1, got " + maxIndex);
        }
        if (!(staleAfterSeconds > 0)) {
            throw new IllegalArgumentException("congestion staleAfterSeconds must be positive, got " + staleAfterSeconds);
        }
    }

    public static CongestionConfig defaults() {
        return new CongestionConfig(CongestionThresholds.defaults(), 10, 900);
    }

    public CongestionConfig withThresholds(CongestionThresholds t) {
        return new CongestionConfig(t, maxIndex, staleAfterSeconds);
    }

    public CongestionConfig withMaxIndex(double m) {
        return new CongestionConfig(thresholds, m, staleAfterSeconds);
    }

    public CongestionConfig withStaleAfterSeconds(double s) {
        return new CongestionConfig(thresholds, maxIndex, s);
    }
}
