package org.citybrain.sim;

/** Told after each step of {@link Simulation#run(int, ProgressListener)}. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void stepDone(int done, int total);
}
