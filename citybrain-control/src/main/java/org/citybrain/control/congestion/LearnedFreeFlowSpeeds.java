package org.citybrain.control.congestion;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Free-flow speeds learned from a stream of intervals: per road, the {@code percentile} (default
 * the 85th) of the mean speeds seen in quiet intervals ({@link QuietPeriods}), each interval's
 * speed weighted by its vehicles. A road has a learned speed once quiet intervals with at least
 * {@code minVehicles} vehicles in all were seen on it; until then {@link #of(String)} is empty, so
 * chain a fallback with {@link #orElse(FreeFlowSpeeds)}.
 *
 * <p>Memory is bounded per road, whatever the length of the stream: a histogram of 0.5 m/s bins
 * up to 60 m/s (120 floats; faster speeds count in the last bin) and the highest quiet speed seen,
 * made when the road first has quiet traffic. The percentile is interpolated within its bin and
 * capped at that highest speed. {@link QuietPeriods.LowestVolume} adds one ring of interval
 * volumes for the whole network.
 *
 * <p>Not thread-safe: feed and query from one thread, or guard it.
 */
public final class LearnedFreeFlowSpeeds implements FreeFlowSpeeds {
    static final double BIN_WIDTH = 0.5; // m/s
    static final int BINS = 120; // up to 60 m/s, 216 km/h

    private final QuietPeriods quiet;
    private final double percentile;
    private final double minVehicles;
    private final Map<String, float[]> histograms = new HashMap<>(); // road → vehicles per speed bin
    private final Map<String, Double> totals = new HashMap<>(); // road → vehicles in its histogram
    private final Map<String, Double> fastest = new HashMap<>(); // road → highest quiet speed, m/s
    private final double[] volumes; // ring of recent interval volumes, LowestVolume only
    private int volumeCount;
    private int volumeNext;

    /**
     * @param percentile  the share of quiet vehicles' interval speeds at or below the free-flow
     *                    speed, in (0, 1]
     * @param minVehicles quiet vehicles needed before a road's speed is trusted, &gt; 0
     */
    public LearnedFreeFlowSpeeds(QuietPeriods quiet, double percentile, double minVehicles) {
        if (quiet == null) {
            throw new IllegalArgumentException("learning free-flow speeds needs a rule for quiet periods");
        }
        if (!(percentile > 0 && percentile <= 1)) {
            throw new IllegalArgumentException("free-flow percentile must lie in (0, 1], got " + percentile);
        }
        if (!(minVehicles > 0) || !Double.isFinite(minVehicles)) {
            throw new IllegalArgumentException("free-flow minVehicles must be a positive count, got " + minVehicles);
        }
        this.quiet = quiet;
        this.percentile = percentile;
        this.minVehicles = minVehicles;
        this.volumes = quiet instanceof QuietPeriods.LowestVolume lv ? new double[lv.window()] : new double[0];
    }

    /** The 85th percentile, trusted after 30 quiet vehicles. */
    public LearnedFreeFlowSpeeds(QuietPeriods quiet) {
        this(quiet, 0.85, 30);
    }

    /**
     * Learns from one interval's observations (one per road, all of the same interval, as
     * {@link CongestionIndex#update(Collection)} takes them).
     *
     * @return how many observations counted as quiet traffic
     */
    public int learn(Collection<RoadObservation> interval) {
        int learnt = 0;
        if (quiet instanceof QuietPeriods.LowestVolume lv) {
            double volume = 0;
            for (RoadObservation o : interval) {
                volume += o.vehicles();
            }
            if (!isQuietVolume(volume, lv.fraction())) {
                return 0;
            }
            for (RoadObservation o : interval) {
                learnt += add(o);
            }
        } else if (quiet instanceof QuietPeriods.ClockHours hours) {
            for (RoadObservation o : interval) {
                if (hours.contains(o.from())) {
                    learnt += add(o);
                }
            }
        }
        return learnt;
    }

    @Override
    public OptionalDouble of(String road) {
        Double total = totals.get(road);
        if (total == null || total < minVehicles) {
            return OptionalDouble.empty();
        }
        float[] h = histograms.get(road);
        double target = percentile * total;
        double below = 0;
        for (int b = 0; b < BINS; b++) {
            if (h[b] > 0 && below + h[b] >= target) {
                // interpolated within the bin, but never above what was seen (a road always at
                // 15 m/s learns 15), nor 0 (a road whose quiet vehicles all stood still)
                double v = Math.min((b + (target - below) / h[b]) * BIN_WIDTH, fastest.get(road));
                return OptionalDouble.of(Math.max(v, BIN_WIDTH / 2));
            }
            below += h[b];
        }
        return OptionalDouble.of(fastest.get(road));
    }

    /** Vehicles of quiet intervals seen on the road so far. */
    public double quietVehicles(String road) {
        return totals.getOrDefault(road, 0.0);
    }

    private int add(RoadObservation o) {
        if (!o.hasTraffic()) {
            return 0;
        }
        float[] h = histograms.computeIfAbsent(o.road(), r -> new float[BINS]);
        int bin = (int) Math.min(BINS - 1, Math.floor(o.meanSpeed() / BIN_WIDTH));
        h[bin] += (float) o.vehicles();
        totals.merge(o.road(), o.vehicles(), Double::sum);
        fastest.merge(o.road(), o.meanSpeed(), Math::max);
        return 1;
    }

    private boolean isQuietVolume(double volume, double fraction) {
        volumes[volumeNext] = volume;
        volumeNext = (volumeNext + 1) % volumes.length;
        volumeCount = Math.min(volumeCount + 1, volumes.length);
        double[] recent = Arrays.copyOf(volumes, volumeCount);
        Arrays.sort(recent);
        int k = Math.max(0, (int) Math.ceil(fraction * volumeCount) - 1);
        return volume <= recent[k];
    }
}
