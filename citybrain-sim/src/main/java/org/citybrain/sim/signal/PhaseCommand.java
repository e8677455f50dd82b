package org.citybrain.sim.signal;

/**
 * Show {@code phase} for {@code seconds}; the engine asks again after that.
 */
public record PhaseCommand(int phase, double seconds) {
    public PhaseCommand {
        if (phase < 0) {
            throw new IllegalArgumentException("phase must be >= 0, got " + phase);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("hold time must be > 0 seconds, got " + seconds);
        }
    }
}
