package org.citybrain.sim;

import org.citybrain.sim.signal.SignalController;
import org.citybrain.twin.Scenario;

/**
 * A running traffic microsimulation of a scenario. Not thread-safe: one caller drives it; it may
 * use worker threads inside a step (see {@link SimulationConfig#threads()}).
 */
public final class Simulation {

    private Simulation() {
    }

    /** Prepares a run at time 0 with no vehicles on the network. */
    public static Simulation create(Scenario scenario, SimulationConfig config, SignalController controller) {
        throw new UnsupportedOperationException("engine not yet landed");
    }

    /** Advances one step. */
    public void step() {
        throw new UnsupportedOperationException("engine not yet landed");
    }

    /** Advances {@code steps} steps, telling {@code listener} after each. */
    public void run(int steps, ProgressListener listener) {
        for (int i = 0; i < steps; i++) {
            step();
            listener.stepDone(i + 1, steps);
        }
    }

    /** Figures for the run so far. */
    public RunMetrics metrics() {
        throw new UnsupportedOperationException("engine not yet landed");
    }
}
