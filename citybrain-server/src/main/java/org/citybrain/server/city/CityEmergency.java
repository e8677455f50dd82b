package org.citybrain.server.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citybrain.control.emergency.EmergencyCalls;
import org.citybrain.control.emergency.EmergencyConfig;
import org.citybrain.control.emergency.EmergencyPosition;
import org.citybrain.control.signal.IntersectionLayout;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Reading;
import org.citybrain.twin.Road;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emergency priority in the platform: a green wave for an emergency vehicle the dispatcher sent
 * on a route, run on what the hub received from the vehicle's transponder (its road, lane,
 * distance to the stop line, speed: docs/demo.md) and the lane detectors' queues.
 *
 * <p>At each equipped signal on the route, by the rules of citybrain-control's
 * {@link EmergencyCalls} (those of {@code EmergencyPriority} in the engine): once the vehicle calls
 * it (within 25 s at its speed, at least 150 m, or the queue of its lane reaches back to it), the
 * platform commands the phase that lets the vehicle's movement go (the one shown if it does, else the
 * one with the most queued vehicles) and holds it against the district's controller until the
 * vehicle has entered the intersection; then it hands the signal back: released to its plan under
 * {@code plan}, the controller's last decision under {@code maxpressure} or {@code brain}. The
 * signal's own rules (10 s minimum green, 5 s yellow) still apply. A trip without priority is only
 * followed.
 */
final class CityEmergency {
    private static final Logger LOG = LoggerFactory.getLogger(CityEmergency.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CityModel model;
    private final CityControl control;
    private final Ingestor ingestor;
    private final String vehicleType;
    private final String distanceAttribute;
    private final String statusAttribute;
    private final Map<String, String> names = new HashMap<>(); // expanded attribute → short name
    private final Map<URI, Trip> trips = new ConcurrentHashMap<>();
    private final Map<String, EmergencyCalls> calls = new HashMap<>(); // control thread only
    private final java.util.concurrent.atomic.AtomicLong preemptions = new java.util.concurrent.atomic.AtomicLong();

    /** One dispatched trip; fields touched on the control thread only. */
    private static final class Trip {
        final List<String> route;
        final boolean priority;
        int index;
        String held; // the intersection held for it now, or null

        Trip(List<String> route, boolean priority) {
            this.route = route;
            this.priority = priority;
        }
    }

    CityEmergency(CityModel model, CityControl control, Ingestor ingestor, Expander expander) {
        this.model = model;
        this.control = control;
        this.ingestor = ingestor;
        this.vehicleType = expander.expand("Vehicle");
        this.distanceAttribute = expander.expand("distanceToStopLine");
        this.statusAttribute = expander.expand("serviceStatus");
        for (String n : List.of("serviceStatus", "refRoadSegment", "laneId", "crossing", "distanceToStopLine", "speed")) {
            names.put(expander.expand(n), n);
        }
    }

    /** The dispatcher sent emergency vehicle {@code vehicle} (its entity) on {@code route}. */
    void dispatched(String vehicle, List<String> route, boolean priority) {
        trips.put(URI.create(vehicle), new Trip(List.copyOf(route), priority));
    }

    /** The change feed's listener: a transponder's report goes to the control thread. */
    void changed(EntityChange change) {
        if (!change.type().equals(vehicleType)
                || !(change.attributes().contains(distanceAttribute) || change.attributes().contains(statusAttribute))) {
            return;
        }
        Trip trip = trips.get(change.id());
        if (trip != null) {
            control.execute(() -> update(change.id(), trip));
        }
    }

    private void update(URI vehicle, Trip trip) {
        try {
            Map<String, JsonNode> now = current(vehicle);
            if ("parked".equals(now.getOrDefault("serviceStatus", JSON.nullNode()).asText())) {
                handBack(trip);
                trips.remove(vehicle, trip);
                return;
            }
            String road = now.getOrDefault("refRoadSegment", JSON.nullNode()).asText().replace(CityModel.ROAD_SEGMENT, "");
            int index = trip.route.subList(trip.index, trip.route.size()).indexOf(road);
            if (index < 0 || !now.containsKey("distanceToStopLine")) {
                return; // not on its route (yet): nothing to serve
            }
            trip.index += index;
            boolean crossing = now.getOrDefault("crossing", JSON.nullNode()).asBoolean(false);
            EmergencyPosition p = new EmergencyPosition(0, trip.route, trip.index, now.get("laneId").asInt(0), crossing,
                    Math.max(0, now.get("distanceToStopLine").asDouble()), Math.max(0, now.get("speed").asDouble() / 3.6));
            String at = model.network().road(road).map(Road::endIntersection).orElseThrow();
            if (trip.held != null && (crossing || !trip.held.equals(at))) {
                handBack(trip); // it has entered the intersection: normal control again
            }
            if (!trip.priority || trip.held != null || crossing || !control.controls(at)) {
                return;
            }
            EmergencyCalls rules = calls.computeIfAbsent(at, id -> new EmergencyCalls(IntersectionLayout.of(model.site(id)),
                    EmergencyConfig.DEFAULTS));
            int movement = rules.movement(p);
            if (movement >= 0 && rules.calls(p, lane -> control.incomingQueue(at, lane))) {
                int phase = rules.phaseFor(movement, control.shownPhase(at), lane -> control.incomingQueue(at, lane),
                        ph -> control.commandable(at, ph));
                if (phase < 0) {
                    return; // no phase the signal can be commanded lets it go: left to normal control
                }
                control.preempt(at, phase);
                trip.held = at;
                preemptions.incrementAndGet();
            }
        } catch (RuntimeException e) {
            LOG.warn("city: no emergency priority for {}: {}", vehicle, e.toString());
        }
    }

    /** Signals pre-empted for emergency vehicles so far. */
    long preemptions() {
        return preemptions.get();
    }

    private void handBack(Trip trip) {
        if (trip.held != null) {
            control.restore(trip.held);
            trip.held = null;
        }
    }

    /** The vehicle's latest reported values by short name. */
    private Map<String, JsonNode> current(URI vehicle) {
        Map<String, JsonNode> out = new HashMap<>();
        for (Map.Entry<String, Reading> e : ingestor.current(vehicle).entrySet()) {
            String name = names.get(e.getKey());
            if (name != null) {
                try {
                    JsonNode attribute = JSON.readTree(e.getValue().value());
                    out.put(name, attribute.has("object") ? attribute.get("object") : attribute.path("value"));
                } catch (IOException ex) {
                    // an unreadable value is one the vehicle did not send
                }
            }
        }
        return out;
    }
}
