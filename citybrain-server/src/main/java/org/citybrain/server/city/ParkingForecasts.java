package org.citybrain.server.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.citybrain.control.parking.CarPark;
import org.citybrain.control.parking.DailySlots;
import org.citybrain.control.parking.FreeSpaceForecaster;
import org.citybrain.control.parking.OccupancyReading;
import org.citybrain.control.parking.OccupancySeries;
import org.citybrain.control.parking.ParkingCleaner;
import org.citybrain.control.parking.ParkingData;
import org.citybrain.control.parking.ProfileDeviationForecaster;
import org.citybrain.control.parking.SlotGrid;
import org.citybrain.hub.context.BatchOperation;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.context.EntityQuery;
import org.citybrain.hub.context.Page;
import org.citybrain.hub.context.TypeInfo;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free spaces of every {@code OffStreetParking} {@value #HORIZON_15}, 30 and 60 minutes ahead,
 * forecast from the readings the hub received and published as one
 * {@code OffStreetParkingForecast} entity per car park and horizon (docs/demo.md).
 *
 * <p>Only platform data: the car park's {@code availableSpotNumber} readings in the hub's history
 * (device telemetry and NGSI-LD API writes alike; the entity's current value if the history has
 * none) and its {@code totalSpotNumber}. Forecasts are citybrain-control's: the readings go through
 * {@link ParkingCleaner} onto slots of {@value #SLOT_MINUTES} minutes over the whole day, a
 * {@link ProfileDeviationForecaster} is fitted on the complete days before today (again when the
 * day changes) and forecasts from today's readings. Without a past day it has no profile and
 * forecasts as persistence (the last reading), so a new car park's forecasts equal its free spaces
 * until it has a day of history.
 *
 * <p>Time runs at {@code speed} (the simulated city's, 1 for a real city): readings and forecasts
 * are placed on the city's clock, {@code anchor + (wall − anchor) × speed}, so a 15-minute forecast
 * of a city at 10x is for about 90 s of wall time later; {@code validFrom} is that wall-clock instant.
 *
 * <p>A forecast is for the start of a slot: the slot nearest now plus the horizon (so 7.5 min more
 * or less than the horizon ahead, and the same while now stays nearest that slot). It is written
 * only when what it says changes (its free spaces, the slot it is for, the car park's capacity,
 * name or place), so a reading that leaves it as it was costs no write and no history, and
 * {@code dateIssued} is when it last changed. What was last said is kept in memory; a forecast's
 * first round reads it from the store (one look-up by id), so after a restart an unchanged forecast
 * is not written again.
 */
final class ParkingForecasts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParkingForecasts.class);
    static final int HORIZON_15 = 15;
    /** Minutes ahead of each forecast. */
    static final int[] HORIZONS = {HORIZON_15, 30, 60};
    static final int SLOT_MINUTES = 15;
    /** The whole day in slots of {@value #SLOT_MINUTES} min. */
    static final DailySlots SLOTS = new DailySlots(LocalTime.MIDNIGHT, SLOT_MINUTES, 24 * 60 / SLOT_MINUTES);
    /** Days of the city's time kept per car park: a week and a day, so each weekday has a past day. */
    static final int HISTORY_DAYS = 8;
    static final String TYPE = "OffStreetParkingForecast";
    static final String PREFIX = "urn:ngsi-ld:" + TYPE + ":";
    private static final String PARKING = "OffStreetParking";

    private final ContextStore store;
    private final Ingestor ingestor;
    private final Expander names;
    private final Clock clock;
    private final double speed;
    private final ZoneId zone;
    private final Instant anchor;
    private final Map<URI, Park> parks = new HashMap<>(); // forecast thread only
    /**
     * Forecast id → what it said when last written, without {@code dateIssued} (forecast thread
     * only); filled from the store on a forecast's first round, so a restart rewrites nothing unchanged.
     */
    private final Map<URI, ObjectNode> published = new HashMap<>();
    private final Set<URI> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService thread;
    private ProfileDeviationForecaster forecaster; // forecast thread only
    private String fittedOn = ""; // forecast thread only: the day and the car parks of the fit

    /** One car park's readings on the city's clock: city minute → occupied spaces (the latest reading of that minute). */
    private static final class Park {
        final TreeMap<LocalDateTime, Integer> occupied = new TreeMap<>();
        int capacity;
        Instant lastReading = Instant.EPOCH;
    }

    /**
     * @param names how the forecast entities are written (the core context, as the city's entities)
     * @param speed the city's seconds per wall-clock second, 1 for a real city
     * @param zone  the time zone of the city's day (the profile is per weekday and time of day)
     */
    ParkingForecasts(ContextStore store, Ingestor ingestor, Expander names, Clock clock, double speed, ZoneId zone) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("the city's speed must be positive, got " + speed);
        }
        this.store = store;
        this.ingestor = ingestor;
        this.names = names;
        this.clock = clock;
        this.speed = speed;
        this.zone = zone;
        this.anchor = clock.instant();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parking-forecasts");
            t.setDaemon(true);
            return t;
        });
    }

    /** The change feed's listener: quick, hands a car park whose spaces changed to the forecast thread. */
    void changed(EntityChange change) {
        if (isParking(change.type()) && change.kind() != EntityChange.Kind.DELETED && pending.add(change.id())) {
            thread.execute(() -> {
                pending.remove(change.id());
                update(change.id());
            });
        }
    }

    /** Forecasts the car parks already in the store (after a restart they need not wait for a reading). */
    void start() {
        for (TypeInfo type : store.types()) {
            if (!isParking(type.type())) {
                continue;
            }
            for (int offset = 0; ; offset += 1000) {
                Page page = store.query(new EntityQuery(Set.of(type.type()), Set.of(), Optional.empty(), Set.of(),
                        Optional.empty(), offset, 1000, false));
                page.entities().forEach(e -> changed(new EntityChange(e.id(), e.type(), Set.of(), EntityChange.Kind.UPDATED, 0)));
                if (page.entities().size() < 1000) {
                    break;
                }
            }
        }
    }

    private static boolean isParking(String type) {
        return type.equals(PARKING) || type.endsWith("/" + PARKING) || type.endsWith("#" + PARKING);
    }

    /** The wall-clock instant of the city's {@code t}: the inverse of {@link #cityTime}. */
    Instant wallTime(LocalDateTime t) {
        long nanos = Math.round(Duration.between(anchor, t.atZone(zone).toInstant()).toNanos() / speed);
        return anchor.plusNanos(nanos);
    }

    /** The city's clock at wall-clock {@code t}. */
    LocalDateTime cityTime(Instant t) {
        long nanos = Math.round(Duration.between(anchor, t).toNanos() * speed);
        return LocalDateTime.ofInstant(anchor.plusNanos(nanos), zone);
    }

    private void update(URI id) {
        try {
            Optional<Entity> found = store.find(id);
            if (found.isEmpty()) {
                parks.remove(id);
                for (int h : HORIZONS) {
                    published.remove(URI.create(id(id, h)));
                }
                return;
            }
            Entity entity = found.get();
            OptionalInt capacity = integer(entity, "totalSpotNumber");
            if (capacity.isEmpty() || capacity.getAsInt() < 1) {
                return; // nothing to forecast against
            }
            Park park = parks.computeIfAbsent(id, k -> new Park());
            park.capacity = capacity.getAsInt();
            Instant now = clock.instant();
            readHistory(id, park, now);
            // and the entity's own value: an API write may be in the change feed before it is in the history
            readEntity(entity, park, now);
            LocalDateTime oldest = cityTime(now).minusDays(HISTORY_DAYS);
            park.occupied.headMap(oldest).clear();
            if (!park.occupied.isEmpty()) {
                publish(id, entity, park, now);
            }
        } catch (RuntimeException e) {
            LOG.warn("parking forecast of {} failed: {}", id, e.toString());
        }
    }

    /** Takes the readings of {@code availableSpotNumber} in the hub's history since the last. */
    private void readHistory(URI id, Park park, Instant now) {
        Optional<String> attribute = ingestor.current(id).keySet().stream()
                .filter(name -> localName(name).equals("availableSpotNumber")).findFirst();
        if (attribute.isEmpty()) {
            return;
        }
        Instant from = park.lastReading.equals(Instant.EPOCH)
                ? now.minus(Duration.ofMillis(Math.round(Duration.ofDays(HISTORY_DAYS).toMillis() / speed)))
                : park.lastReading.plusNanos(1);
        for (Reading r : ingestor.history(id, attribute.get(), from, now.plus(Duration.ofMinutes(1)))) {
            double free = CityJson.number(r);
            if (!Double.isNaN(free)) {
                add(park, r.observedAt(), free);
            }
        }
    }

    /** The entity's current value, at its {@code observedAt}, else its {@code modifiedAt}, else now, if newer than the last. */
    private void readEntity(Entity entity, Park park, Instant now) {
        attribute(entity, "availableSpotNumber").filter(Property.class::isInstance).map(Property.class::cast)
                .filter(p -> p.value().isNumber()).ifPresent(p -> {
                    Instant at = p.meta().observedAt().or(() -> p.meta().modifiedAt()).orElse(now);
                    if (at.isAfter(park.lastReading)) {
                        add(park, at, p.value().asDouble());
                    }
                });
    }

    private void add(Park park, Instant at, double free) {
        int occupied = (int) Math.round(Math.max(0, Math.min(park.capacity, park.capacity - free)));
        park.occupied.put(cityTime(at).truncatedTo(ChronoUnit.MINUTES), occupied);
        if (at.isAfter(park.lastReading)) {
            park.lastReading = at;
        }
    }

    private void publish(URI id, Entity entity, Park park, Instant now) {
        LocalDateTime cityNow = cityTime(now);
        refit(cityNow.toLocalDate());
        OccupancySeries series = series(id.toString(), park, cityNow.toLocalDate());
        SlotGrid grid = series.grid();
        // the slot nearest now: its reading is the latest (none lies after now); its start may be up to half a slot ahead
        int origin = grid.nearest(cityNow).orElseGet(() -> grid.atOrBefore(cityNow).orElseThrow());
        LocalDateTime start = grid.time(origin);
        List<Entity> out = new ArrayList<>();
        Map<URI, ObjectNode> says = new HashMap<>();
        for (int h : HORIZONS) {
            // for the slot h minutes after the one nearest now: it stays the same while now is nearest that slot
            double free = forecaster.forecastFree(series.historyAt(origin), h);
            if (Double.isNaN(free)) {
                continue;
            }
            ObjectNode forecast = forecast(id, entity, park.capacity, h, (int) Math.round(free), wallTime(start.plusMinutes(h)));
            URI forecastId = URI.create(id(id, h));
            if (!forecast.equals(published.computeIfAbsent(forecastId, this::stored))) {
                says.put(forecastId, forecast.deepCopy());
                forecast.set("dateIssued", JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", now.toString()));
                out.add(names.expand(EntityJson.read(forecast, Representation.NORMALIZED, ReadOptions.strict())));
            }
        }
        if (!out.isEmpty()) {
            // only what was written counts as said: a forecast that failed is tried again on the next reading
            store.batch(BatchOperation.UPSERT_UPDATE, out).success().forEach(written -> published.put(written, says.get(written)));
        }
    }

    /**
     * What the store's forecast {@code id} says, in the form of {@link #forecast}, or null if the
     * store has none: what an earlier run of the server wrote last.
     */
    private ObjectNode stored(URI id) {
        return store.find(id).map(e -> {
            ObjectNode said = EntityJson.toNormalized(names.compact(e.withoutSystemTimes()).withContext(JsonLdContext.EMPTY));
            said.remove("dateIssued");
            return said;
        }).orElse(null);
    }

    /** Fits the forecaster on the complete days before {@code today}, when the day or the car parks changed. */
    private void refit(LocalDate today) {
        String key = today + " " + parks.keySet();
        if (key.equals(fittedOn) && forecaster != null) {
            return;
        }
        List<OccupancyReading> readings = new ArrayList<>();
        parks.forEach((id, park) -> readings(id.toString(), park, readings));
        ParkingData all = ParkingCleaner.clean(readings, SLOTS).data();
        forecaster = ProfileDeviationForecaster.fit(all.until(today.minusDays(1)));
        fittedOn = key;
    }

    private static void readings(String id, Park park, List<OccupancyReading> out) {
        park.occupied.forEach((t, occupied) -> out.add(new OccupancyReading(id, park.capacity, occupied, t)));
    }

    /**
     * The car park's series on a grid that reaches tomorrow, so that a forecast across midnight has a
     * slot; its newest reading stands for its slot.
     */
    private static OccupancySeries series(String id, Park park, LocalDate today) {
        List<OccupancyReading> readings = new ArrayList<>();
        readings(id, park, readings);
        ParkingData data = ParkingCleaner.clean(readings, SLOTS).data();
        SlotGrid cleaned = data.grid();
        int days = Math.max(cleaned.days(), (int) ChronoUnit.DAYS.between(cleaned.firstDay(), today) + 2);
        SlotGrid grid = new SlotGrid(cleaned.firstDay(), days, SLOTS);
        double[] values = new double[grid.size()];
        OccupancySeries s = data.series(id).orElseThrow();
        for (int i = 0; i < values.length; i++) {
            values[i] = i < cleaned.size() ? s.occupancy(i) : Double.NaN;
        }
        // the cleaner keeps the reading nearest a slot's start; for the newest slot the newest reading is the better
        Map.Entry<LocalDateTime, Integer> newest = park.occupied.lastEntry();
        grid.nearest(newest.getKey()).ifPresent(slot -> values[slot] = newest.getValue());
        return OccupancySeries.of(new CarPark(id, park.capacity), grid, values);
    }

    /** The forecast as written but for its {@code dateIssued}: what it says. */
    private static ObjectNode forecast(URI park, Entity entity, int capacity, int horizon, int free, Instant target) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode e = f.objectNode();
        e.put("id", id(park, horizon));
        e.put("type", TYPE);
        e.set("refParkingSite", f.objectNode().put("type", "Relationship").put("object", park.toString()));
        attribute(entity, "name").filter(Property.class::isInstance).map(a -> ((Property) a).value())
                .ifPresent(name -> e.set("name", f.objectNode().put("type", "Property").set("value", name)));
        attribute(entity, "location").filter(GeoProperty.class::isInstance).map(a -> ((GeoProperty) a).value())
                .ifPresent(g -> e.set("location", f.objectNode().put("type", "GeoProperty").set("value", g)));
        e.set("forecastHorizon", f.objectNode().put("type", "Property").put("value", horizon).put("unitCode", "MIN"));
        e.set("availableSpotNumber", f.objectNode().put("type", "Property").put("value", free));
        e.set("totalSpotNumber", f.objectNode().put("type", "Property").put("value", capacity));
        e.set("validFrom", f.objectNode().put("type", "Property").put("value", target.toString()));
        e.set("validTo", f.objectNode().put("type", "Property").put("value", target.toString()));
        e.set("description", f.objectNode().put("type", "Property").put("value", "Free spaces expected " + horizon
                + " min ahead (" + ProfileDeviationForecaster.NAME + " on the readings; persistence until a past day is known)"));
        return e;
    }

    /** The forecast entity of car park {@code park} at {@code horizon} minutes. */
    static String id(URI park, int horizon) {
        String s = park.toString();
        int cut = s.lastIndexOf(PARKING + ":");
        return PREFIX + (cut >= 0 ? s.substring(cut + PARKING.length() + 1) : s.replaceAll("[^A-Za-z0-9._-]", "_"))
                + ":PT" + horizon + "M";
    }

    private static String localName(String iri) {
        int cut = Math.max(iri.lastIndexOf('/'), Math.max(iri.lastIndexOf('#'), iri.lastIndexOf(':')));
        return iri.substring(cut + 1);
    }

    private static Optional<Attribute> attribute(Entity e, String term) {
        return e.attributes().entrySet().stream().filter(a -> a.getKey().equals(term) || localName(a.getKey()).equals(term))
                .map(Map.Entry::getValue).findFirst();
    }

    private static OptionalInt integer(Entity e, String term) {
        return attribute(e, term).filter(Property.class::isInstance).map(a -> ((Property) a).value())
                .filter(JsonNode::isNumber).map(v -> OptionalInt.of((int) Math.round(v.asDouble()))).orElse(OptionalInt.empty());
    }

    /** Waits until the car parks handed to the forecast thread so far are forecast (tests). */
    void settle() throws Exception {
        thread.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
