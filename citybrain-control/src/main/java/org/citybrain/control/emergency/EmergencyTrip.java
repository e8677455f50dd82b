package org.citybrain.control.emergency;

import java.util.List;

import org.citybrain.twin.VehicleType;

/**
 * One emergency vehicle to send: its route, when it sets off and what it is.
 *
 * @param route      road ids from origin to destination, each joined to the next by a road link
 * @param departTime simulated seconds from the start of the run
 */
public record EmergencyTrip(List<String> route, double departTime, VehicleType type) {

    /**
     * An ambulance or fire engine: the default car allowed 60 km/h (16.67 m/s). Lanes cap the speed
     * anyway (Hangzhou's at 40 km/h), so it is as fast as the road allows, not faster.
     */
    public static final VehicleType EMERGENCY_VEHICLE = VehicleType.DEFAULT.withMaxSpeed(16.67);

    public EmergencyTrip {
        route = List.copyOf(route);
        if (route.size() < 2) {
            throw new IllegalArgumentException("an emergency route needs at least two roads, got " + route);
        }
        if (!(departTime >= 0) || !Double.isFinite(departTime)) {
            throw new IllegalArgumentException("departure time must be >= 0 s, got " + departTime);
        }
    }

    public EmergencyTrip(List<String> route, double departTime) {
        this(route, departTime, EMERGENCY_VEHICLE);
    }
}
