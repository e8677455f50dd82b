package org.citybrain.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The readings of a road's lanes over one interval, combined: counts and queues added, occupancy
 * averaged over lanes, speed weighted by the vehicles on each lane, travel-time index weighted by
 * the vehicles that left each lane.
 *
 * @param meanSpeed       m/s; NaN when the road was empty
 * @param travelTimeIndex NaN when no vehicle left the road
 */
public record RoadReading(String road, double from, double seconds, int count, double occupancy, double meanSpeed,
                          int queue, double meanVehicles, double travelTimeIndex) {

    /** Combines lane readings, which must come road by road as {@link Simulation#readDetectors()} gives them. */
    public static List<RoadReading> of(List<LaneReading> lanes) {
        List<RoadReading> out = new ArrayList<>();
        int i = 0;
        while (i < lanes.size()) {
            LaneReading first = lanes.get(i);
            int count = 0;
            int queue = 0;
            int n = 0;
            double occupancy = 0;
            double vehicles = 0;
            double speedWeighted = 0;
            double ttiWeighted = 0;
            int ttiCount = 0;
            for (; i < lanes.size() && lanes.get(i).road().equals(first.road()); i++, n++) {
                LaneReading r = lanes.get(i);
                count += r.count();
                queue += r.queue();
                occupancy += r.occupancy();
                vehicles += r.meanVehicles();
                if (r.meanVehicles() > 0 && !Double.isNaN(r.meanSpeed())) {
                    speedWeighted += r.meanSpeed() * r.meanVehicles();
                }
                if (r.count() > 0 && !Double.isNaN(r.travelTimeIndex())) {
                    ttiWeighted += r.travelTimeIndex() * r.count();
                    ttiCount += r.count();
                }
            }
            out.add(new RoadReading(first.road(), first.from(), first.seconds(), count, occupancy / n,
                    vehicles > 0 ? speedWeighted / vehicles : Double.NaN, queue, vehicles,
                    ttiCount > 0 ? ttiWeighted / ttiCount : Double.NaN));
        }
        return out;
    }
}
