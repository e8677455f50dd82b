package org.citybrain.sim.signal;

/**
 * What an intersection's sensors see at a decision time. Views over the engine's state, valid only
 * during the {@link IntersectionController#decide} call.
 */
public interface IntersectionObservation {

    /** Simulated seconds since the start. */
    double time();

    /** The phase shown now (index into the plan), and for how long it has been shown. */
    int currentPhase();

    double secondsInPhase();
}
