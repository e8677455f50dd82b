package org.citybrain.control.emergency;

import java.util.List;
import java.util.Optional;

import org.citybrain.sim.VehicleStatus;

/**
 * Where an emergency vehicle on the network is, as it broadcasts it.
 *
 * @param vehicle    its id
 * @param route      its road ids from origin to destination
 * @param routeIndex position in {@code route} of the road it is on (or leaving, while crossing)
 * @param lane       lane index on that road, 0 innermost
 * @param crossing   inside the intersection at the end of that road
 * @param toStopLine metres to the stop line (0 while crossing)
 * @param speed      m/s
 */
public record EmergencyPosition(long vehicle, List<String> route, int routeIndex, int lane, boolean crossing,
                                double toStopLine, double speed) {

    public EmergencyPosition {
        route = List.copyOf(route);
        if (routeIndex < 0 || routeIndex >= route.size()) {
            throw new IllegalArgumentException("route index " + routeIndex + " outside a route of " + route.size() + " roads");
        }
        if (lane < 0) {
            throw new IllegalArgumentException("lane must be >= 0, got " + lane);
        }
        if (!(toStopLine >= 0) || !(speed >= 0)) {
            throw new IllegalArgumentException("distance and speed must be >= 0, got " + toStopLine + " m, " + speed + " m/s");
        }
    }

    /** The road it is on. */
    public String road() {
        return route.get(routeIndex);
    }

    /** The position of a vehicle the simulation follows, or empty when it is not on the network (waiting or finished). */
    public static Optional<EmergencyPosition> of(List<String> route, VehicleStatus status) {
        if (status.state() != VehicleStatus.State.RUNNING) {
            return Optional.empty();
        }
        return Optional.of(new EmergencyPosition(status.id(), route, status.routeIndex(), status.lane(), status.crossing(),
                status.toStopLine(), status.speed()));
    }
}
