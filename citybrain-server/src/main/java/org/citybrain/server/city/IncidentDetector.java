package org.citybrain.server.city;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.DoubleSupplier;
import org.citybrain.hub.context.BatchOperation;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Reading;
import org.citybrain.twin.Road;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident detection from the readings the hub received ({@link IncidentRule}): each lane
 * detector's round and each signal's phases, as the change feed carries them. A lane that holds
 * stopped vehicles none of which leaves while its movements have green, with room on the roads
 * ahead, raises an Alert entity (Smart Data Models {@code Alert}, category {@code traffic}) for
 * its road, once until the road is clear again.
 *
 * <p>Each round is judged on the readings of its own payload (the change carries them), so its
 * {@code intensity}, {@code occupancy} and {@code queueLength} are one consistent reading, and
 * every round is judged once and in order even when the detector's thread falls behind.
 */
final class IncidentDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentDetector.class);

    private final CityModel model;
    private final ContextStore store;
    private final Expander names;
    private final DoubleSupplier cityTime;
    private final BiPredicate<String, Double> incidentThere;
    private final String flowType;
    private final String signalType;
    private final String occupancy;
    private final String intensity;
    private final String queue;
    private final String phase;
    private final Map<URI, Integer> lanes = new HashMap<>();
    private final Map<URI, String> signals = new HashMap<>();
    private final IncidentRule rule; // detector thread only
    private double lastSeen; // detector thread only: the city's time at the last examination
    private final ExecutorService thread;
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong falseAlarms = new AtomicLong();

    /**
     * @param incidentThere told (road, simulated time) of each alert; says whether an incident was
     *                      there, to count false alarms
     */
    IncidentDetector(CityModel model, ContextStore store, Expander names, double intervalSeconds,
            DoubleSupplier cityTime, BiPredicate<String, Double> incidentThere) {
        this.model = model;
        this.store = store;
        this.names = names;
        this.cityTime = cityTime;
        this.incidentThere = incidentThere;
        this.flowType = names.expand("TrafficFlowObserved");
        this.signalType = names.expand("TrafficSignal");
        this.occupancy = names.expand("occupancy");
        this.intensity = names.expand("intensity");
        this.queue = names.expand("queueLength");
        this.phase = names.expand("currentPhase");
        for (int i = 0; i < model.lanes().size(); i++) {
            lanes.put(URI.create(model.lanes().get(i).entityId()), i);
        }
        model.signals().forEach(in -> signals.put(URI.create(CityModel.TRAFFIC_SIGNAL + in.id()), in.id()));
        this.rule = new IncidentRule(model.network(), model.lanes(), intervalSeconds);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "city-incidents");
            t.setDaemon(true);
            return t;
        });
    }

    /** The change feed's listener: quick, hands the readings to the detector's thread. */
    void changed(EntityChange change) {
        if (change.type().equals(flowType) && change.attributes().contains(occupancy)) {
            Integer lane = lanes.get(change.id());
            if (lane != null) {
                thread.execute(() -> examine(lane, change.readings()));
            }
        } else if (change.type().equals(signalType) && change.attributes().contains(phase)) {
            String intersection = signals.get(change.id());
            if (intersection != null) {
                thread.execute(() -> phaseShown(intersection, change.readings()));
            }
        }
    }

    private void phaseShown(String intersection, List<Reading> readings) {
        Reading shown = reading(readings, phase);
        double p = CityJson.number(shown);
        if (!Double.isNaN(p)) {
            rule.phaseShown(intersection, (int) p, shown.observedAt().toEpochMilli());
        }
    }

    private void examine(int lane, List<Reading> readings) {
        double t = cityTime.getAsDouble();
        if (t < lastSeen - 60) {
            // the city started its flow again: its lanes start empty, what was seen before does not hold
            rule.reset();
        }
        lastSeen = t;
        try {
            Reading occupied = reading(readings, occupancy);
            double occ = CityJson.number(occupied);
            double flow = CityJson.number(reading(readings, intensity));
            double stopped = CityJson.number(reading(readings, queue));
            if (Double.isNaN(occ) || Double.isNaN(flow) || Double.isNaN(stopped)) {
                return; // a round without all three is no round of a lane detector
            }
            rule.round(lane, occupied.observedAt().toEpochMilli(), (int) flow, occ, (int) stopped).ifPresent(this::raise);
        } catch (RuntimeException e) {
            LOG.warn("city: incident detection on {} failed: {}", model.lanes().get(lane).entityId(), e.toString());
        }
    }

    /** The reading of {@code attribute} among one payload's readings; the last one if it carried several. */
    private static Reading reading(List<Reading> readings, String attribute) {
        Reading found = null;
        for (Reading r : readings) {
            if (r.attribute().equals(attribute)) {
                found = r;
            }
        }
        return found;
    }

    private void raise(IncidentRule.Alarm alarm) {
        CityModel.LaneRef lane = alarm.lane();
        double simNow = cityTime.getAsDouble();
        boolean real = incidentThere.test(lane.road(), simNow);
        alerts.incrementAndGet();
        if (!real) {
            falseAlarms.incrementAndGet();
        }
        Road road = model.network().road(lane.road()).orElseThrow();
        ObjectNode alert = JsonNodeFactory.instance.objectNode();
        alert.put("id", "urn:ngsi-ld:Alert:" + UUID.randomUUID());
        alert.put("type", "Alert");
        alert.set("category", property("traffic"));
        alert.set("subCategory", property("trafficJam"));
        alert.set("severity", property("high"));
        ObjectNode point = JsonNodeFactory.instance.objectNode().put("type", "Point");
        point.set("coordinates", model.position(road.points().get(road.points().size() - 1)));
        alert.set("location", JsonNodeFactory.instance.objectNode().put("type", "GeoProperty").set("value", point));
        alert.set("dateIssued", property(Instant.now().toString()));
        alert.set("description", property(String.format(java.util.Locale.ROOT, "Road %s, lane %d: %d vehicles stopped "
                + "(occupancy %.0f%%) and none left it during %.0f s of green for it, with room on the roads ahead: a blockage",
                lane.road(), lane.lane(), alarm.queue(), alarm.occupancy() * 100, alarm.greenSeconds())));
        alert.set("alertSource", property(CityModel.ROAD_SEGMENT + lane.road()));
        alert.set("refRoadSegment", JsonNodeFactory.instance.objectNode().put("type", "Relationship")
                .put("object", CityModel.ROAD_SEGMENT + lane.road()));
        alert.set("acknowledged", JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", false));
        store.batch(BatchOperation.UPSERT_UPDATE, List.of(names.expand(EntityJson.read(alert, Representation.NORMALIZED,
                ReadOptions.strict()))));
        LOG.info("city: alert on road {} at {} s ({})", lane.road(), simNow, real ? "an incident is there" : "no incident there");
    }

    private static ObjectNode property(String value) {
        return JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", value);
    }

    /** Waits until the readings handed to the detector so far have been examined (for tests). */
    void settle() throws InterruptedException, ExecutionException {
        thread.submit(() -> { }).get();
    }

    long alerts() {
        return alerts.get();
    }

    long falseAlarms() {
        return falseAlarms.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
