package org.citybrain.sim;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.sim.signal.SignalController;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;

/**
 * A running traffic microsimulation of a scenario, CityFlow-compatible in its model (see
 * {@code docs/simulation.md}). Not thread-safe: one caller drives it; it may use worker threads
 * inside a step ({@link SimulationConfig#threads()}), with results that do not depend on their
 * number. Close it to stop the workers.
 */
public final class Simulation implements AutoCloseable {
    private final Engine engine;
    private final String controllerName;
    private double intervalStart;

    private Simulation(Engine engine, String controllerName) {
        this.engine = engine;
        this.controllerName = controllerName;
    }

    /** Prepares a run at time 0 with no vehicles on the network. */
    public static Simulation create(Scenario scenario, SimulationConfig config, SignalController controller) {
        return new Simulation(new Engine(scenario, config, controller), controller.name());
    }

    /** Advances one step. */
    public void step() {
        engine.step();
    }

    /** Advances {@code steps} steps, telling {@code listener} after each. */
    public void run(int steps, ProgressListener listener) {
        for (int i = 0; i < steps; i++) {
            engine.step();
            listener.stepDone(i + 1, steps);
        }
    }

    /** Simulated seconds since the start. */
    public double time() {
        return engine.time();
    }

    /** Figures for the run so far. */
    public RunMetrics metrics() {
        return engine.metrics();
    }

    public String controllerName() {
        return controllerName;
    }

    public SimulationConfig config() {
        return engine.config();
    }

    /**
     * Adds one vehicle now, for example an emergency vehicle, which joins the waiting queue of its
     * first lane like any generated vehicle, and returns the id to follow it with {@link #vehicle}.
     *
     * @param route road ids from origin to destination, each joined to the next by a road link
     * @throws IllegalArgumentException for an unknown road or a route that is not connected
     */
    public long addVehicle(org.citybrain.twin.VehicleType type, List<String> route) {
        return engine.addVehicle(type, route);
    }

    /**
     * Caps the speed on one lane from the next step on, in m/s, for incidents: vehicles brake to it
     * at their usual deceleration, and 0 stops them where they are (a blocked lane, which the
     * vehicles behind queue up to). {@code Double.POSITIVE_INFINITY} lifts the cap; the lane's own
     * limit always applies.
     *
     * @throws IllegalArgumentException for an unknown road or lane, or a negative cap
     */
    public void capLaneSpeed(String road, int lane, double metresPerSecond) {
        engine.capLaneSpeed(road, lane, metresPerSecond);
    }

    /** Where a vehicle added with {@link #addVehicle} is now; empty for an id it never gave. */
    public java.util.Optional<VehicleStatus> vehicle(long id) {
        return engine.vehicle(id);
    }

    /** Vehicles on the network now. */
    public long vehiclesRunning() {
        return engine.entered - engine.finished;
    }

    /**
     * What a detector on every lane measured since the previous call (or the start), then starts a
     * new interval. Lanes in network order: road by road, lane 0 (innermost) first.
     */
    public List<LaneReading> readDetectors() {
        LaneStats st = engine.laneStats();
        CompiledNetwork net = engine.net;
        RoadNetwork rn = net.source;
        double now = engine.time();
        double seconds = now - intervalStart;
        List<LaneReading> out = new ArrayList<>(net.lanes);
        for (int lane = 0; lane < net.lanes; lane++) {
            Road road = rn.roads().get(net.laneRoad[lane]);
            double samples = Math.max(1, st.samples);
            double meanSpeed = st.vehicleSteps[lane] > 0 ? st.speedSum[lane] / st.vehicleSteps[lane] : Double.NaN;
            double freeFlow = net.length[lane] / net.maxSpeed[lane];
            double tti = st.departures[lane] > 0 ? (st.timeOnLaneSum[lane] / st.departures[lane]) / freeFlow : Double.NaN;
            out.add(new LaneReading(road.id(), net.laneIndex[lane], intervalStart, seconds, st.departures[lane],
                    st.occupancySum[lane] / samples, meanSpeed, st.queue[lane], st.vehicleSteps[lane] / samples, tti));
        }
        st.reset();
        intervalStart = now;
        return out;
    }

    /** The engine, for tests of its invariants in this package. */
    Engine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.close();
    }
}
