package org.citybrain.control.congestion;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.citybrain.twin.Lane;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;

/**
 * The free-flow speed of each road: the speed at which its travel time counts as uncongested.
 * Configured ({@link #configured(Map)}, {@link #speedLimits(RoadNetwork)}) or learned from quiet
 * periods ({@link LearnedFreeFlowSpeeds}); {@link #orElse(FreeFlowSpeeds)} chains them, e.g.
 * learned where enough quiet traffic was seen and the speed limit elsewhere.
 */
@FunctionalInterface
public interface FreeFlowSpeeds {

    /** Free-flow speed of the road in m/s (&gt; 0), or empty when it is not known. */
    OptionalDouble of(String road);

    /** This source's speed where it has one, else {@code fallback}'s. */
    default FreeFlowSpeeds orElse(FreeFlowSpeeds fallback) {
        return road -> {
            OptionalDouble v = of(road);
            return v.isPresent() ? v : fallback.of(road);
        };
    }

    /**
     * Speeds given per road id, m/s.
     *
     * @throws IllegalArgumentException naming the first road whose speed is not a positive number
     */
    static FreeFlowSpeeds configured(Map<String, Double> speeds) {
        Map<String, Double> copy = new HashMap<>();
        speeds.forEach((road, v) -> {
            if (v == null || !(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("free-flow speed of road '" + road
                        + "' must be a positive number of m/s, got " + v);
            }
            copy.put(road, v);
        });
        return road -> {
            Double v = copy.get(road);
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        };
    }

    /**
     * The speed limit of every road of the network: the highest {@link Lane#maxSpeed()} of its
     * lanes. This is the free flow the engine's own travel-time index uses.
     */
    static FreeFlowSpeeds speedLimits(RoadNetwork network) {
        Map<String, Double> limits = new HashMap<>();
        for (Road road : network.roads()) {
            double max = 0;
            for (Lane lane : road.lanes()) {
                max = Math.max(max, lane.maxSpeed());
            }
            limits.put(road.id(), max);
        }
        return configured(limits);
    }
}
