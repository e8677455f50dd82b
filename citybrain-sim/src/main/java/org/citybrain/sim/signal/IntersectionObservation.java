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

    /** Number of lanes entering the intersection; they are indexed {@code 0..incomingLanes()-1}. */
    int incomingLanes();

    /** The road id of incoming lane {@code i}. */
    String incomingRoad(int i);

    /** The lane index on its road (0 innermost) of incoming lane {@code i}. */
    int incomingLaneIndex(int i);

    /** Vehicles on incoming lane {@code i} now, as a presence detector counts them. */
    int vehicles(int i);

    /** Vehicles slower than 0.1 m/s on incoming lane {@code i} now. */
    int queue(int i);

    /** Mean speed of the vehicles on incoming lane {@code i} now, m/s; NaN when it is empty. */
    double meanSpeed(int i);
}
