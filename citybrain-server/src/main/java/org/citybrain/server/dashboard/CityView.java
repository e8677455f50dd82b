package org.citybrain.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;

/**
 * What the dashboard shows of the city, kept from the hub's entities: road segments with their
 * geometry, signals, lane detectors, car parks, alerts and congestion indices, each reduced to the
 * few fields the page draws. Only platform data: the view never reads an engine.
 *
 * <p>Names are matched by their local part (the last segment of the expanded IRI), so an entity
 * reads the same whether it was written with the Smart Data Models context or the core context
 * only: {@code https://smartdatamodels.org/dataModel.Transportation/intensity} and
 * {@code https://uri.etsi.org/ngsi-ld/default-context/intensity} are both {@code intensity}.
 *
 * <p>Not thread-safe: {@link DashboardFeed} guards it.
 */
final class CityView {
    /** Length a vehicle covers on a lane, metres: the engine's default vehicle, 5 m (docs/simulation.md). */
    static final double VEHICLE_LENGTH_METRES = 5;
    /** A road whose RoadSegment gives no length counts as this long, metres (as the congestion index does). */
    static final double DEFAULT_ROAD_METRES = 100;

    /** The entity types the dashboard shows, by local name. */
    enum Kind {
        ROAD("RoadSegment"),
        SIGNAL("TrafficSignal"),
        FLOW("TrafficFlowObserved"),
        PARKING("OffStreetParking"),
        FORECAST("OffStreetParkingForecast"),
        ALERT("Alert"),
        INDEX("CongestionIndex");

        final String type;

        Kind(String type) {
            this.type = type;
        }

        /** The kind of an entity type (expanded or not), if the dashboard shows it. */
        static Optional<Kind> of(String type) {
            String local = localName(type);
            for (Kind k : values()) {
                if (k.type.equals(local)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** A road segment: {@code path} is [latitude, longitude] pairs, as Leaflet takes them. */
    record Road(String id, String name, Integer lanes, Double lengthKm, Double speedLimit, List<double[]> path) {
    }

    /** A signalised intersection and the phase it shows. */
    record Signal(String id, double[] at, Integer phase, String controller, String district) {
    }

    /** One lane detector's latest reading; {@code periodSeconds} from dateObservedFrom/To when given. */
    record Flow(String id, String road, Double intensity, Double occupancy, Double speed, Double queue,
                Double periodSeconds) {
    }

    /** A car park and its free spaces. */
    record Parking(String id, String name, double[] at, Integer total, Integer free) {
    }

    /**
     * A forecast of a car park's free spaces {@code minutes} ahead, made at {@code issued} for
     * {@code validFrom} (published by the server's parking forecasts, docs/demo.md).
     */
    record ParkingForecast(String id, String park, Integer minutes, Integer free, String issued, String validFrom) {
    }

    /** An alert; open until acknowledged. */
    record Alert(String id, String category, String subCategory, String severity, double[] at, String dateIssued,
                 String description, boolean acknowledged) {
    }

    /** A congestion index: {@code scope} is {@code road} (then {@code road} names the segment) or {@code city}. */
    record Index(String id, String scope, String road, Double travelTimeIndex, String level) {
    }

    private final Map<String, Road> roads = new TreeMap<>();
    private final Map<String, Signal> signals = new TreeMap<>();
    private final Map<String, Flow> flows = new TreeMap<>();
    private final Map<String, Parking> parks = new TreeMap<>();
    private final Map<String, ParkingForecast> forecasts = new TreeMap<>();
    private final Map<String, Alert> alerts = new TreeMap<>();
    private final Map<String, Index> indices = new TreeMap<>();

    /**
     * Takes an entity's current state into the view.
     *
     * @return the item it became, or empty if its type is not one the dashboard shows
     */
    Optional<Record> put(Entity e) {
        Optional<Kind> kind = Kind.of(e.type());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        String id = e.id().toString();
        Record item = switch (kind.get()) {
            case ROAD -> put(roads, id, new Road(id, text(e, "name"), integer(e, "laneCount", "totalLaneNumber"),
                    number(e, "length"), number(e, "maximumAllowedSpeed"), path(e)));
            case SIGNAL -> put(signals, id, new Signal(id, point(e), integer(e, "currentPhase"), text(e, "controller"),
                    text(e, "district")));
            case FLOW -> put(flows, id, new Flow(id, reference(e, "refRoadSegment"), number(e, "intensity"),
                    number(e, "occupancy"), number(e, "averageVehicleSpeed"), number(e, "queueLength"), period(e)));
            case PARKING -> put(parks, id, new Parking(id, text(e, "name"), point(e), integer(e, "totalSpotNumber"),
                    integer(e, "availableSpotNumber")));
            case FORECAST -> put(forecasts, id, new ParkingForecast(id, reference(e, "refParkingSite"),
                    integer(e, "forecastHorizon"), integer(e, "availableSpotNumber"), text(e, "dateIssued"), text(e, "validFrom")));
            case ALERT -> put(alerts, id, new Alert(id, text(e, "category"), text(e, "subCategory"), text(e, "severity"),
                    point(e), text(e, "dateIssued"), text(e, "description"),
                    property(e, "acknowledged").map(p -> p.value().asBoolean(false)).orElse(false)));
            case INDEX -> put(indices, id, new Index(id, text(e, "scope"), reference(e, "refRoadSegment"),
                    number(e, "travelTimeIndex"), text(e, "congestionLevel")));
        };
        return Optional.of(item);
    }

    private static <T extends Record> T put(Map<String, T> map, String id, T item) {
        map.put(id, item);
        return item;
    }

    /** Forgets an entity; whether the view had it. */
    boolean remove(URI id) {
        String key = id.toString();
        boolean removed = false;
        for (Map<String, ? extends Record> map : List.of(roads, signals, flows, parks, forecasts, alerts, indices)) {
            removed |= map.remove(key) != null;
        }
        return removed;
    }

    Collection<Road> roads() {
        return roads.values();
    }

    Collection<Signal> signals() {
        return signals.values();
    }

    Collection<Flow> flows() {
        return flows.values();
    }

    Collection<Parking> parks() {
        return parks.values();
    }

    Collection<ParkingForecast> forecasts() {
        return forecasts.values();
    }

    Collection<Alert> alerts() {
        return alerts.values();
    }

    Collection<Index> indices() {
        return indices.values();
    }

    /**
     * The key figures now, from the entities alone (docs/dashboard.md):
     * <ul>
     *   <li>city congestion index: the {@code city} CongestionIndex's travel-time index;</li>
     *   <li>average speed, km/h: detectors' mean speeds weighted by their counts (plain mean if
     *       none counted a vehicle);</li>
     *   <li>vehicles in the network: Σ over lanes of occupancy × road length ÷
     *       {@value #VEHICLE_LENGTH_METRES} m, the detector's covered length in vehicles (the queue
     *       when a detector gives no occupancy);</li>
     *   <li>throughput, vehicles/hour: Σ over lanes of the count scaled from its observation period
     *       ({@code defaultPeriodSeconds} when the reading names none) to an hour;</li>
     *   <li>open alerts: alerts not acknowledged.</li>
     * </ul>
     * A figure with no data behind it is null.
     */
    Kpis kpis(double defaultPeriodSeconds) {
        Double city = indices.values().stream().filter(i -> "city".equals(i.scope()) && i.travelTimeIndex() != null)
                .map(Index::travelTimeIndex).findFirst().orElse(null);
        double speedWeighted = 0, weight = 0, speedSum = 0, vehicles = 0, perHour = 0;
        int speeds = 0, measured = 0, counted = 0;
        for (Flow f : flows.values()) {
            double count = f.intensity() == null ? 0 : f.intensity();
            if (f.speed() != null) {
                speedWeighted += f.speed() * count;
                weight += count;
                speedSum += f.speed();
                speeds++;
            }
            if (f.occupancy() != null) {
                vehicles += f.occupancy() * roadMetres(f.road()) / VEHICLE_LENGTH_METRES;
                measured++;
            } else if (f.queue() != null) {
                vehicles += f.queue();
                measured++;
            }
            if (f.intensity() != null) {
                double period = f.periodSeconds() != null && f.periodSeconds() > 0 ? f.periodSeconds() : defaultPeriodSeconds;
                perHour += f.intensity() * 3600 / period;
                counted++;
            }
        }
        Double speed = weight > 0 ? Double.valueOf(speedWeighted / weight) : speeds > 0 ? Double.valueOf(speedSum / speeds) : null;
        int open = (int) alerts.values().stream().filter(a -> !a.acknowledged()).count();
        return new Kpis(city, speed, measured > 0 ? Double.valueOf(vehicles) : null, counted > 0 ? Double.valueOf(perHour) : null,
                open);
    }

    private double roadMetres(String road) {
        Road r = road == null ? null : roads.get(road);
        return r != null && r.lengthKm() != null ? r.lengthKm() * 1000 : DEFAULT_ROAD_METRES;
    }

    /** The key figures; null where no entity gives them. */
    record Kpis(Double cityIndex, Double averageSpeed, Double vehicles, Double throughput, int openAlerts) {
    }

    // --- reading attributes by local name ---

    static String localName(String iri) {
        int cut = Math.max(iri.lastIndexOf('/'), Math.max(iri.lastIndexOf('#'), iri.lastIndexOf(':')));
        return iri.substring(cut + 1);
    }

    private static Optional<Attribute> attribute(Entity e, String term) {
        Attribute exact = e.attributes().get(term);
        if (exact != null) {
            return Optional.of(exact);
        }
        return e.attributes().entrySet().stream().filter(a -> localName(a.getKey()).equals(term)).map(Map.Entry::getValue)
                .findFirst();
    }

    /** The expanded name under which {@code e} holds {@code term}, if it does. */
    static Optional<String> attributeName(Entity e, String term) {
        return e.attributes().keySet().stream().filter(name -> name.equals(term) || localName(name).equals(term)).findFirst();
    }

    private static Optional<Property> property(Entity e, String term) {
        return attribute(e, term).filter(Property.class::isInstance).map(Property.class::cast);
    }

    private static Double number(Entity e, String term) {
        return property(e, term).map(Property::value).filter(JsonNode::isNumber).map(JsonNode::asDouble).orElse(null);
    }

    private static Integer integer(Entity e, String... terms) {
        for (String term : terms) {
            Double n = number(e, term);
            if (n != null) {
                return (int) Math.round(n);
            }
        }
        return null;
    }

    private static String text(Entity e, String term) {
        return property(e, term).map(p -> textOf(p.value())).orElse(null);
    }

    /** A value as text: strings as they are, typed literals ({@code {"@value": ...}}) by their value. */
    private static String textOf(JsonNode value) {
        if (value.isObject() && value.has("@value")) {
            return value.get("@value").asText();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String reference(Entity e, String term) {
        return attribute(e, term).filter(Relationship.class::isInstance).map(a -> ((Relationship) a).object().toString())
                .orElse(null);
    }

    private static Double period(Entity e) {
        Optional<Instant> from = property(e, "dateObservedFrom").flatMap(p -> instant(p.value()));
        Optional<Instant> to = property(e, "dateObservedTo").flatMap(p -> instant(p.value()));
        if (from.isPresent() && to.isPresent() && to.get().isAfter(from.get())) {
            return (to.get().toEpochMilli() - from.get().toEpochMilli()) / 1000.0;
        }
        return null;
    }

    private static Optional<Instant> instant(JsonNode value) {
        try {
            return Optional.of(OffsetDateTime.parse(textOf(value)).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> geometry(Entity e) {
        return attribute(e, "location").filter(GeoProperty.class::isInstance).map(a -> ((GeoProperty) a).value());
    }

    /** The line of a LineString or MultiLineString location, as [lat, lon] pairs; empty otherwise. */
    private static List<double[]> path(Entity e) {
        List<double[]> out = new ArrayList<>();
        geometry(e).ifPresent(g -> {
            JsonNode coordinates = g.path("coordinates");
            switch (g.path("type").asText()) {
                case "LineString" -> coordinates.forEach(c -> out.add(latLon(c)));
                case "MultiLineString" -> coordinates.forEach(line -> line.forEach(c -> out.add(latLon(c))));
                default -> {
                }
            }
        });
        return out;
    }

    /** Where to put an entity's marker: its Point, or the middle vertex of a line, or a polygon's first vertex. */
    private static double[] point(Entity e) {
        return geometry(e).map(g -> {
            JsonNode c = g.path("coordinates");
            return switch (g.path("type").asText()) {
                case "Point" -> latLon(c);
                case "LineString", "MultiPoint" -> c.size() > 0 ? latLon(c.get(c.size() / 2)) : null;
                case "Polygon", "MultiLineString" -> c.size() > 0 && c.get(0).size() > 0 ? latLon(c.get(0).get(0)) : null;
                default -> null;
            };
        }).orElse(null);
    }

    private static double[] latLon(JsonNode lonLat) {
        return new double[] {lonLat.path(1).asDouble(), lonLat.path(0).asDouble()};
    }
}
