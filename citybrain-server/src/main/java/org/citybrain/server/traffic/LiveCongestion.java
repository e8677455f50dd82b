package org.citybrain.server.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citybrain.control.congestion.AreaIndex;
import org.citybrain.control.congestion.CongestionConfig;
import org.citybrain.control.congestion.CongestionIndex;
import org.citybrain.control.congestion.CongestionSnapshot;
import org.citybrain.control.congestion.LearnedFreeFlowSpeeds;
import org.citybrain.control.congestion.QuietPeriods;
import org.citybrain.control.congestion.RoadIndex;
import org.citybrain.control.congestion.RoadObservation;
import org.citybrain.hub.context.BatchOperation;
import org.citybrain.hub.context.BatchResult;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EntityQuery;
import org.citybrain.hub.context.Page;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.AttributeMeta;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The congestion index of the live city (docs/congestion.md), computed from the current
 * {@code TrafficFlowObserved} entities every interval and published back as
 * {@code CongestionIndex} entities: one per road and one for the city.
 *
 * <p>A road is the observation's {@code refRoadSegment}, or the observation entity itself when it
 * has none; lanes of one road are merged (vehicles summed, speeds weighted by vehicles). A road's
 * length is its {@code RoadSegment}'s {@code length} (km), else {@value #DEFAULT_LENGTH_METRES} m.
 * Free-flow speeds are learned from quiet intervals (the lowest-volume third of the last day's
 * rounds), else the {@code RoadSegment}'s {@code maximumAllowedSpeed}. Observations older than
 * the configured staleness are left out.
 */
public final class LiveCongestion implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCongestion.class);
    static final double DEFAULT_LENGTH_METRES = 100;
    static final String TRANSPORTATION =
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld";
    private static final int PAGE = 1000;

    private final ContextStore store;
    private final Clock clock;
    private final Duration interval;
    private final Expander sdm;
    private final Expander core;
    private final LearnedFreeFlowSpeeds learned;
    private final Map<String, Double> speedLimits = new HashMap<>(); // road → m/s, from its RoadSegment
    private final Map<String, Double> lengths = new HashMap<>(); // road → metres, from its RoadSegment
    private final CongestionIndex index;
    private final String indexType;
    private ScheduledExecutorService timer;

    public LiveCongestion(ContextStore store, Contexts contexts, Clock clock, Duration interval) {
        this.store = store;
        this.clock = clock;
        this.interval = interval;
        this.sdm = contexts.expander(JsonLdContext.of(TRANSPORTATION));
        this.core = contexts.core();
        long roundsPerDay = Math.max(1, Duration.ofDays(1).toSeconds() / Math.max(1, interval.toSeconds()));
        this.learned = new LearnedFreeFlowSpeeds(new QuietPeriods.LowestVolume(1.0 / 3, (int) Math.min(roundsPerDay, 10_000)));
        this.index = new CongestionIndex(learned.orElse(road -> {
            Double limit = speedLimits.get(road);
            return limit == null ? OptionalDouble.empty() : OptionalDouble.of(limit);
        }), List.of(), CongestionConfig.defaults().withStaleAfterSeconds(3 * interval.toSeconds()));
        this.indexType = core.expand("CongestionIndex");
    }

    /** Starts computing every interval, on a thread of its own. */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "live-congestion");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("congestion index round failed; next round in {}", interval, e);
        }
    }

    /**
     * One round: reads the current observations, updates the index and publishes it.
     *
     * @return the snapshot published
     */
    public synchronized CongestionSnapshot runOnce() {
        Instant now = clock.instant();
        List<RoadObservation> observations = observations(now);
        learned.learn(observations);
        index.update(observations);
        CongestionSnapshot snapshot = index.snapshot();
        publish(snapshot, now);
        return snapshot;
    }

    private List<RoadObservation> observations(Instant now) {
        // road → {vehicles, Σ speed·vehicles, newest observation (epoch s), Σ speed, lanes}
        Map<String, double[]> roads = new LinkedHashMap<>();
        Set<String> types = Set.of(sdm.expand("TrafficFlowObserved"), core.expand("TrafficFlowObserved"));
        for (Entity e : all(types)) {
            OptionalDouble kmh = number(e, "averageVehicleSpeed");
            if (kmh.isEmpty()) {
                continue;
            }
            double vehicles = number(e, "intensity").orElse(0);
            Instant observed = attribute(e, "averageVehicleSpeed").flatMap(a -> a.meta().observedAt()).orElse(now);
            String road = attribute(e, "refRoadSegment").filter(Relationship.class::isInstance)
                    .map(a -> ((Relationship) a).object().toString()).orElse(e.id().toString());
            double[] r = roads.computeIfAbsent(road, k -> new double[5]);
            double speed = kmh.getAsDouble() / 3.6;
            r[0] += vehicles;
            r[1] += speed * vehicles;
            r[2] = Math.max(r[2], observed.getEpochSecond());
            r[3] += speed;
            r[4]++;
        }
        readRoadSegments(roads.keySet());
        List<RoadObservation> out = new ArrayList<>(roads.size());
        double seconds = interval.toSeconds();
        roads.forEach((road, r) -> {
            double speed = r[0] > 0 ? r[1] / r[0] : r[3] / r[4];
            double length = lengths.getOrDefault(road, DEFAULT_LENGTH_METRES);
            out.add(new RoadObservation(road, r[2] - seconds, seconds, length, speed, r[0]));
        });
        return out;
    }

    private void readRoadSegments(Set<String> roads) {
        for (String road : roads) {
            if (lengths.containsKey(road) || !road.contains(":")) {
                continue;
            }
            try {
                store.find(URI.create(road)).ifPresent(segment -> {
                    number(segment, "length").ifPresent(km -> lengths.put(road, km * 1000));
                    number(segment, "maximumAllowedSpeed").ifPresent(kmh -> speedLimits.put(road, kmh / 3.6));
                });
            } catch (IllegalArgumentException e) {
                // not an entity id: a road without a segment entity
            }
        }
    }

    private List<Entity> all(Set<String> types) {
        List<Entity> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Page page = store.query(new EntityQuery(types, Set.of(), Optional.empty(), Set.of(), Optional.empty(), offset, PAGE,
                    false));
            out.addAll(page.entities());
            if (page.entities().size() < PAGE) {
                return out;
            }
        }
    }

    private Optional<Attribute> attribute(Entity e, String term) {
        return e.attribute(sdm.expand(term)).or(() -> e.attribute(core.expand(term)));
    }

    private OptionalDouble number(Entity e, String term) {
        return attribute(e, term).filter(Property.class::isInstance).map(a -> ((Property) a).value())
                .filter(JsonNode::isNumber).map(v -> OptionalDouble.of(v.asDouble())).orElse(OptionalDouble.empty());
    }

    private void publish(CongestionSnapshot snapshot, Instant now) {
        List<Entity> entities = new ArrayList<>();
        for (RoadIndex road : snapshot.roads().values()) {
            Map<String, Attribute> attributes = indexAttributes("road", road.index(), Optional.of(road.level().name()), now);
            attributes.put(core.expand("meanSpeed"), property(road.meanSpeed() * 3.6, "KMH", now));
            attributes.put(core.expand("freeFlowSpeed"), property(road.freeFlowSpeed() * 3.6, "KMH", now));
            if (road.road().contains(":")) {
                attributes.put(sdm.expand("refRoadSegment"), Relationship.to(URI.create(road.road())));
            }
            entities.add(entity("road:" + URLEncoder.encode(road.road(), StandardCharsets.UTF_8), attributes));
        }
        AreaIndex city = snapshot.city();
        if (!Double.isNaN(city.index())) {
            Map<String, Attribute> attributes = indexAttributes("city", city.index(), city.level().map(Enum::name), now);
            attributes.put(core.expand("vehicleKilometres"), property(city.vehicleMetres() / 1000, "KMT", now));
            attributes.put(core.expand("roads"), property(city.roads(), null, now));
            entities.add(entity("city", attributes));
        }
        if (!entities.isEmpty()) {
            BatchResult result = store.batch(BatchOperation.UPSERT_UPDATE, entities);
            if (!result.errors().isEmpty()) {
                LOG.warn("congestion index: {} entities not published, first: {}", result.errors().size(), result.errors().get(0));
            }
        }
    }

    private Map<String, Attribute> indexAttributes(String scope, double tti, Optional<String> level, Instant now) {
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        attributes.put(core.expand("travelTimeIndex"), property(tti, null, now));
        level.ifPresent(l -> attributes.put(core.expand("congestionLevel"), property(l, now)));
        attributes.put(core.expand("scope"), property(scope, now));
        return attributes;
    }

    private Entity entity(String suffix, Map<String, Attribute> attributes) {
        return new Entity(URI.create("urn:ngsi-ld:CongestionIndex:" + suffix), indexType, attributes, JsonLdContext.EMPTY,
                Optional.empty(), Optional.empty());
    }

    private static Property property(double value, String unit, Instant observed) {
        return new Property(JsonNodeFactory.instance.numberNode(value), Optional.ofNullable(unit), observedAt(observed));
    }

    private static Property property(String value, Instant observed) {
        return new Property(JsonNodeFactory.instance.textNode(value), Optional.empty(), observedAt(observed));
    }

    private static AttributeMeta observedAt(Instant observed) {
        return new AttributeMeta(Optional.of(observed), Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
