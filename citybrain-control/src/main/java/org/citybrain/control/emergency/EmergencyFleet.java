package org.citybrain.control.emergency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.sim.Simulation;
import org.citybrain.sim.VehicleStatus;

/**
 * The emergency vehicles of one simulation run: told which vehicles to serve, it reads their
 * positions from the simulation after every step (the vehicles' V2I broadcast, one step old when
 * the signals decide). Not thread-safe: the thread that steps the simulation updates it.
 */
public final class EmergencyFleet implements EmergencyVehicles {
    private final Map<Long, List<String>> routes = new LinkedHashMap<>();
    private final List<EmergencyPosition> positions = new ArrayList<>();
    private List<EmergencyPosition> published = List.of();

    /**
     * Serves vehicle {@code id} (as {@link Simulation#addVehicle} returned it) from the next
     * {@link #update} on.
     *
     * @param route the route it was added with
     */
    public void dispatch(long id, List<String> route) {
        if (route.isEmpty()) {
            throw new IllegalArgumentException("vehicle " + id + ": empty route");
        }
        routes.put(id, List.copyOf(route));
    }

    /** Reads the dispatched vehicles' positions; a vehicle that has finished is no longer served. */
    public void update(Simulation sim) {
        positions.clear();
        var it = routes.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, List<String>> e = it.next();
            VehicleStatus s = sim.vehicle(e.getKey()).orElseThrow(
                    () -> new IllegalStateException("the simulation does not follow vehicle " + e.getKey()));
            if (s.state() == VehicleStatus.State.FINISHED) {
                it.remove();
                continue;
            }
            EmergencyPosition.of(e.getValue(), s).ifPresent(positions::add);
        }
        published = List.copyOf(positions);
    }

    @Override
    public List<EmergencyPosition> positions() {
        return published;
    }
}
