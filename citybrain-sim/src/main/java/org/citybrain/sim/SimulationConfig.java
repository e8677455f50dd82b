package org.citybrain.sim;

/**
 * How a simulation runs.
 *
 * @param stepSeconds length of one step in seconds (CityFlow's {@code interval}); default 1
 * @param seed        the one seed every random choice derives from; same seed, same run
 * @param laneChange  whether vehicles change lanes on a road (CityFlow's {@code laneChange})
 * @param threads     worker threads for the step; results do not depend on it
 */
public record SimulationConfig(double stepSeconds, long seed, boolean laneChange, int threads) {
    public SimulationConfig {
        if (!(stepSeconds > 0) || stepSeconds > 10) {
            throw new IllegalArgumentException("step must be in (0, 10] seconds, got " + stepSeconds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** 1 s steps, seed 0, no lane changing, one thread. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(1.0, 0, false, 1);
    }

    public SimulationConfig withSeed(long s) {
        return new SimulationConfig(stepSeconds, s, laneChange, threads);
    }

    public SimulationConfig withLaneChange(boolean on) {
        return new SimulationConfig(stepSeconds, seed, on, threads);
    }

    public SimulationConfig withThreads(int n) {
        return new SimulationConfig(stepSeconds, seed, laneChange, n);
    }
}
