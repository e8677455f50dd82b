package org.citybrain.control.emergency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.VehicleStatus;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.Turn;

/**
 * Measures emergency-vehicle priority: runs a scenario twice with the same base controller, an
 * emergency vehicle added on its route at its departure time, once as it is and once under
 * {@link EmergencyPriority}, and reports the emergency vehicle's travel time and everyone else's.
 */
public final class EmergencyRun {

    /**
     * One run's figures.
     *
     * @param controller              the controller's name
     * @param travelTime              the emergency vehicle's seconds from departure to the end of
     *                                its route, or, when it did not finish within the run, so far
     * @param finished                whether it reached the end of its route
     * @param othersAverageTravelTime the average travel time of all other vehicles, as
     *                                {@link RunMetrics#averageTravelTime()} counts it (unfinished
     *                                ones for their time so far)
     * @param others                  how many other vehicles that average is over
     * @param metrics                 the whole run's figures, the emergency vehicle included
     */
    public record Outcome(String controller, double travelTime, boolean finished, double othersAverageTravelTime,
                          long others, RunMetrics metrics) {
    }

    /**
     * Both runs.
     *
     * @param base the base controller's name
     */
    public record Comparison(String base, EmergencyTrip trip, Outcome without, Outcome with) {

        /** The emergency vehicle's travel time with priority over without (below 1: faster). */
        public double ratio() {
            return with.travelTime() / without.travelTime();
        }

        /** Seconds the emergency vehicle saves. */
        public double timeSaved() {
            return without.travelTime() - with.travelTime();
        }

        /** Seconds priority adds to the average travel time of the other vehicles (negative: it saves). */
        public double extraDelay() {
            return with.othersAverageTravelTime() - without.othersAverageTravelTime();
        }
    }

    private EmergencyRun() {
    }

    /**
     * Runs without and then with priority.
     *
     * @param base  makes the base controller; called once per run, as controllers keep state
     * @param steps steps to simulate, each {@link SimulationConfig#stepSeconds()} long
     * @throws IllegalArgumentException when the route is unknown or not connected in the scenario, or
     *                                  the vehicle would depart after the run's end
     */
    public static Comparison compare(Scenario scenario, SimulationConfig config, Supplier<SignalController> base,
                                     EmergencyTrip trip, int steps, EmergencyConfig priority) {
        Outcome without = run(scenario, config, base.get(), trip, steps, Optional.empty());
        Outcome with = run(scenario, config, base.get(), trip, steps, Optional.of(priority));
        return new Comparison(without.controller(), trip, without, with);
    }

    /** One run, with priority when {@code priority} is given. */
    public static Outcome run(Scenario scenario, SimulationConfig config, SignalController base, EmergencyTrip trip,
                              int steps, Optional<EmergencyConfig> priority) {
        checkRoute(scenario.network(), trip.route());
        if (trip.departTime() >= steps * config.stepSeconds()) {
            throw new IllegalArgumentException("the emergency vehicle departs at " + trip.departTime()
                    + " s, after the run's end at " + steps * config.stepSeconds() + " s");
        }
        EmergencyFleet fleet = new EmergencyFleet();
        SignalController controller = priority.<SignalController>map(p -> new EmergencyPriority(base, fleet, p)).orElse(base);
        try (Simulation sim = Simulation.create(scenario, config, controller)) {
            long id = -1;
            for (int s = 0; s < steps; s++) {
                if (id < 0 && sim.time() >= trip.departTime()) {
                    id = sim.addVehicle(trip.type(), trip.route());
                    fleet.dispatch(id, trip.route());
                }
                sim.step();
                fleet.update(sim);
            }
            VehicleStatus ev = sim.vehicle(id).orElseThrow();
            RunMetrics m = sim.metrics();
            boolean finished = ev.state() == VehicleStatus.State.FINISHED;
            double travel = finished ? ev.travelTime() : sim.time() - ev.departTime();
            // the metric averages every generated vehicle, the emergency vehicle one of them
            long others = m.vehiclesGenerated() - 1;
            double othersAverage = others == 0 ? Double.NaN
                    : (m.averageTravelTime() * m.vehiclesGenerated() - travel) / others;
            return new Outcome(controller.name(), travel, finished, othersAverage, others, m);
        }
    }

    /** @throws IllegalArgumentException naming the first road that is unknown or not joined to the one before */
    public static void checkRoute(RoadNetwork network, List<String> route) {
        for (int i = 0; i < route.size(); i++) {
            if (network.road(route.get(i)).isEmpty()) {
                throw new IllegalArgumentException("route[" + i + "]: unknown road '" + route.get(i) + "'");
            }
            if (i > 0 && !network.connects(route.get(i - 1), route.get(i))) {
                throw new IllegalArgumentException("route[" + i + "]: no road link from '" + route.get(i - 1)
                        + "' to '" + route.get(i) + "'");
            }
        }
    }

    /**
     * A long route to test priority on when none is given: the longest, in metres, that goes
     * straight through every intersection it crosses and starts on a road from a boundary node;
     * ties go to the route whose first road comes first in the network. On Hangzhou 4x4 that is
     * row 1 west to east, {@code road_0_1_0} … {@code road_4_1_0} (5 roads, 4 km, 4 signals).
     *
     * @return empty when no road starts at a boundary node and leads straight on
     */
    public static Optional<List<String>> longestStraightRoute(RoadNetwork network) {
        Map<String, String> straightOn = new HashMap<>(); // road -> the road straight ahead
        for (Intersection in : network.intersections()) {
            for (RoadLink link : in.roadLinks()) {
                if (link.turn() == Turn.STRAIGHT) {
                    straightOn.putIfAbsent(link.startRoad(), link.endRoad());
                }
            }
        }
        List<String> best = List.of();
        double bestLength = 0;
        for (Road start : network.roads()) {
            boolean fromBoundary = network.intersection(start.startIntersection()).map(Intersection::virtual).orElse(false);
            if (!fromBoundary || !straightOn.containsKey(start.id())) {
                continue;
            }
            List<String> route = new ArrayList<>();
            double length = 0;
            for (String r = start.id(); r != null && !route.contains(r); r = straightOn.get(r)) {
                route.add(r);
                length += network.road(r).orElseThrow().length();
            }
            if (length > bestLength) {
                best = route;
                bestLength = length;
            }
        }
        return best.size() < 2 ? Optional.empty() : Optional.of(List.copyOf(best));
    }
}
