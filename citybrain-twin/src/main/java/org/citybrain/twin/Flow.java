package org.citybrain.twin;

import java.util.List;

/**
 * A stream of identical vehicles on one route: one vehicle at {@code startTime}, then one every
 * {@code interval} seconds while the time is at most {@code endTime} (CityFlow's semantics).
 *
 * @param route road ids from origin to destination; consecutive roads are joined by a road link
 */
public record Flow(String id, VehicleType vehicle, List<String> route, double interval, double startTime,
                   double endTime) {
    public Flow {
        Ids.require(id, "flow id");
        if (vehicle == null) {
            throw new IllegalArgumentException("flow " + id + " needs a vehicle type");
        }
        route = List.copyOf(route);
        if (route.isEmpty()) {
            throw new IllegalArgumentException("flow " + id + " has an empty route");
        }
        if (!(interval > 0) || !Double.isFinite(interval)) {
            throw new IllegalArgumentException("flow interval must be > 0 seconds, got " + interval);
        }
        if (!(startTime >= 0) || !Double.isFinite(startTime)) {
            throw new IllegalArgumentException("flow startTime must be >= 0, got " + startTime);
        }
        if (endTime < startTime && endTime != -1) {
            throw new IllegalArgumentException("flow endTime " + endTime + " is before startTime " + startTime);
        }
    }

    /** Number of vehicles this flow generates up to {@code endTime}; -1 endTime means unbounded. */
    public long vehicleCount() {
        if (endTime == -1) {
            return Long.MAX_VALUE;
        }
        return (long) Math.floor((endTime - startTime) / interval + 1e-9) + 1;
    }
}
