package org.citybrain.control.emergency;

import java.util.List;

/**
 * The emergency vehicles to give priority to, as their own broadcast (GPS position on the route,
 * speed) tells: the one input of {@link EmergencyPriority} beyond the intersection's sensors.
 */
@FunctionalInterface
public interface EmergencyVehicles {

    /**
     * The latest position of every emergency vehicle on the network that is to be served; vehicles
     * not yet on the network or at the end of their route are left out. Called by every
     * intersection's controller at each of its decisions, so it should return a kept list, not
     * build one.
     */
    List<EmergencyPosition> positions();
}
