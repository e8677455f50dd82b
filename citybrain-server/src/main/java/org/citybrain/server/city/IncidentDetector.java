package org.citybrain.server.city;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Reading;
import org.citybrain.twin.Road;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident detection from the readings the hub received, per lane against its own recent
 * baseline: a lane is suspect when its {@code occupancy} is at least {@value #MIN_OCCUPANCY}
 * and {@value #RISE} above its baseline while no vehicle left it ({@code intensity} 0). Suspect
 * for {@value #PERSIST_SECONDS} simulated seconds in a row — longer than any red of the bundled
 * plans, so that a queue at a red light is not an incident — it raises an Alert entity (Smart Data
 * Models {@code Alert}, category {@code traffic}) for its road, once until the road is normal
 * again. The baseline is an exponential mean of the lane's occupancy over normal rounds
 * (weight {@value #WEIGHT}), after {@value #WARM_UP} rounds of warm-up.
 */
final class IncidentDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentDetector.class);
    static final double MIN_OCCUPANCY = 0.04;
    static final double RISE = 0.02;
    static final double PERSIST_SECONDS = 300;
    static final double WEIGHT = 0.1;
    static final int WARM_UP = 5;

    private final CityModel model;
    private final Ingestor ingestor;
    private final ContextStore store;
    private final Expander names;
    private final double interval;
    private final DoubleSupplier cityTime;
    private final BiPredicate<String, Double> incidentThere;
    private final String flowType;
    private final String occupancy;
    private final String intensity;
    private final Map<URI, CityModel.LaneRef> lanes = new HashMap<>();
    private final Map<URI, Lane> state = new HashMap<>(); // detector thread only
    private final Set<String> alarmedRoads = new HashSet<>(); // detector thread only
    private double lastSeen; // detector thread only: the city's time at the last examination
    private final ExecutorService thread;
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong falseAlarms = new AtomicLong();

    private static final class Lane {
        double baseline;
        int rounds;
        int suspect;
    }

    /**
     * @param incidentThere told (road, simulated time) of each alert; says whether an incident was
     *                      there, to count false alarms
     */
    IncidentDetector(CityModel model, Ingestor ingestor, ContextStore store, Expander names, double intervalSeconds,
            DoubleSupplier cityTime, BiPredicate<String, Double> incidentThere) {
        this.model = model;
        this.ingestor = ingestor;
        this.store = store;
        this.names = names;
        this.interval = intervalSeconds;
        this.cityTime = cityTime;
        this.incidentThere = incidentThere;
        this.flowType = names.expand("TrafficFlowObserved");
        this.occupancy = names.expand("occupancy");
        this.intensity = names.expand("intensity");
        model.lanes().forEach(l -> lanes.put(URI.create(l.entityId()), l));
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "city-incidents");
            t.setDaemon(true);
            return t;
        });
    }

    /** The change feed's listener: quick, hands the lane to the detector's thread. */
    void changed(EntityChange change) {
        if (change.type().equals(flowType) && change.attributes().contains(occupancy) && lanes.containsKey(change.id())) {
            thread.execute(() -> examine(change.id()));
        }
    }

    private void examine(URI id) {
        double t = cityTime.getAsDouble();
        if (t < lastSeen - 60) {
            // the city started its flow again: its lanes start empty, the old baselines do not hold
            state.clear();
            alarmedRoads.clear();
        }
        lastSeen = t;
        try {
            Map<String, Reading> now = ingestor.current(id);
            double occ = CityJson.number(now.get(occupancy));
            double flow = CityJson.number(now.get(intensity));
            if (Double.isNaN(occ) || Double.isNaN(flow)) {
                return;
            }
            Lane lane = state.computeIfAbsent(id, k -> new Lane());
            CityModel.LaneRef ref = lanes.get(id);
            if (lane.rounds < WARM_UP) {
                lane.baseline = lane.rounds == 0 ? occ : lane.baseline + WEIGHT * (occ - lane.baseline);
                lane.rounds++;
                return;
            }
            boolean suspect = occ >= MIN_OCCUPANCY && occ >= lane.baseline + RISE && flow == 0;
            if (!suspect) {
                lane.suspect = 0;
                lane.baseline += WEIGHT * (occ - lane.baseline);
                lane.rounds++;
                if (occ < lane.baseline + RISE / 2) {
                    normal(ref.road());
                }
                return;
            }
            lane.suspect++;
            if (lane.suspect * interval >= PERSIST_SECONDS && alarmedRoads.add(ref.road())) {
                raise(ref, occ, lane.baseline);
            }
        } catch (RuntimeException e) {
            LOG.warn("city: incident detection on {} failed: {}", id, e.toString());
        }
    }

    private void normal(String road) {
        if (!alarmedRoads.contains(road)) {
            return;
        }
        for (Map.Entry<URI, CityModel.LaneRef> e : lanes.entrySet()) {
            Lane l = state.get(e.getKey());
            if (e.getValue().road().equals(road) && l != null && l.suspect > 0) {
                return;
            }
        }
        alarmedRoads.remove(road);
    }

    private void raise(CityModel.LaneRef lane, double occ, double baseline) {
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
        alert.set("description", property(String.format(java.util.Locale.ROOT, "Road %s, lane %d: occupancy %.0f%% against "
                + "a baseline of %.0f%%, and no vehicle left it for %.0f s: a blockage or a jam", lane.road(), lane.lane(),
                occ * 100, baseline * 100, PERSIST_SECONDS)));
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
