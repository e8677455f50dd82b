package org.citybrain.control.congestion;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.sim.LaneReading;
import org.citybrain.sim.RoadReading;
import org.citybrain.sim.Simulation;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;

/**
 * Turns the engine's detector readings into {@link RoadObservation}s, so the simulated city is
 * rated by the same code as the real one. Per road: the length from the twin, the space-mean
 * speed of the road's vehicles (lanes weighted by their vehicles) and, as the weight w, the
 * vehicles that left the road in the interval (what a stop-line detector counts).
 */
public final class SimulationObservations {
    private SimulationObservations() {
    }

    /**
     * @throws IllegalArgumentException when a reading names a road the network does not have
     */
    public static List<RoadObservation> of(List<RoadReading> readings, RoadNetwork network) {
        List<RoadObservation> out = new ArrayList<>(readings.size());
        for (RoadReading r : readings) {
            Road road = network.road(r.road()).orElseThrow(() -> new IllegalArgumentException(
                    "detector reading of road '" + r.road() + "', which the network does not have"));
            out.add(new RoadObservation(r.road(), r.from(), r.seconds(), road.length(), r.meanSpeed(), r.count()));
        }
        return out;
    }

    /** Lane readings in the order {@link Simulation#readDetectors()} gives them, combined per road first. */
    public static List<RoadObservation> ofLanes(List<LaneReading> lanes, RoadNetwork network) {
        return of(RoadReading.of(lanes), network);
    }
}
