package org.citybrain.sim.signal;

/**
 * What an intersection's sensors see at a decision time: per lane, what loop detectors and a camera
 * covering the last 200 m before the stop line would measure. Never routes, destinations or future
 * demand. A view over the engine's state, valid only during the {@link IntersectionController#decide}
 * call. Lanes are indexed as {@link SignalSite#incoming()} and {@link SignalSite#outgoing()} list them.
 */
public interface IntersectionObservation {

    /** Simulated seconds since the start. */
    double time();

    /** The phase shown now (index into the plan). */
    int currentPhase();

    /** How long the current phase has been shown, in seconds. */
    double secondsInPhase();

    /** Number of incoming lanes ({@code SignalSite.incoming().size()}). */
    int incomingLanes();

    /** The road id of incoming lane {@code i}. */
    String incomingRoad(int i);

    /** The lane index on its road (0 innermost) of incoming lane {@code i}. */
    int incomingLaneIndex(int i);

    /** Vehicles on incoming lane {@code i} now. */
    int vehicles(int i);

    /** Vehicles slower than 0.1 m/s on incoming lane {@code i} now. */
    int queue(int i);

    /** Mean speed of the vehicles on incoming lane {@code i} now, m/s; NaN when it is empty. */
    double meanSpeed(int i);

    /** Vehicles faster than 0.1 m/s within {@code metres} of the stop line of incoming lane {@code i}. */
    int movingWithin(int i, double metres);

    /**
     * Tells {@code seen} about every vehicle within {@code metres} of the stop line of incoming lane
     * {@code i}, nearest first, as a camera would: its distance to the stop line and its speed.
     */
    void approaching(int i, double metres, VehicleSeen seen);

    /** Vehicles that have left incoming lane {@code i} since the start (a stop-line loop's count). */
    long departures(int i);

    /** Number of outgoing lanes ({@code SignalSite.outgoing().size()}). */
    int outgoingLanes();

    /** Vehicles on outgoing lane {@code o} now. */
    int outgoingVehicles(int o);

    /** Vehicles slower than 0.1 m/s on outgoing lane {@code o} now. */
    int outgoingQueue(int o);

    /** One vehicle seen by a camera. */
    @FunctionalInterface
    interface VehicleSeen {
        void seen(double distanceToStopLine, double speed);
    }
}
