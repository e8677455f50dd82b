package org.citybrain.sim;

/**
 * Where a vehicle added with {@link Simulation#addVehicle} is: what its own GPS and the engine
 * know about it.
 *
 * @param road        the road it is on, or the road it is leaving while inside an intersection;
 *                    empty once finished
 * @param lane        lane index on that road (0 innermost), -1 once finished
 * @param crossing    inside an intersection, between {@code road} and the next road of its route
 * @param routeIndex  position of {@code road} in its route
 * @param toStopLine  metres to the end of its lane (0 while crossing)
 * @param speed       m/s
 * @param departTime  when it was added (it may have waited to enter), simulated seconds
 * @param finishTime  when it reached the end of its route, NaN before
 */
public record VehicleStatus(long id, State state, String road, int lane, boolean crossing, int routeIndex,
                            double toStopLine, double speed, double departTime, double finishTime) {

    /** Waiting to enter its first lane, on the road, or at the end of its route. */
    public enum State {
        WAITING, RUNNING, FINISHED
    }

    /** Seconds from departure to the end of its route; NaN before it finishes. */
    public double travelTime() {
        return finishTime - departTime;
    }
}
