package org.citybrain.server.city;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citybrain.hub.ingest.Device;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.GeoReference;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;

/**
 * The city as the platform knows it: its signalised intersections, lanes, districts and
 * synthetic car parks, the ids of their entities and devices, and the static twin as NGSI-LD
 * entities (the entity contract in docs/demo.md). Names are terms of the core context, so the
 * NGSI-LD API finds them without a {@code Link} header.
 */
final class CityModel {
    static final String ROAD_SEGMENT = "urn:ngsi-ld:RoadSegment:";
    static final String TRAFFIC_SIGNAL = "urn:ngsi-ld:TrafficSignal:";
    static final String FLOW = "urn:ngsi-ld:TrafficFlowObserved:";
    static final String PARKING = "urn:ngsi-ld:OffStreetParking:";
    static final String APPROACH = "urn:ngsi-ld:TrafficApproachObserved:";
    static final String VEHICLE = "urn:ngsi-ld:Vehicle:emergency-";
    /** Spaces of each synthetic car park. */
    static final int CAR_PARK_SPACES = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One synthetic car park, beside a signalised intersection. */
    record CarPark(String name, String intersection, int spaces) {
    }

    /**
     * One lane detector.
     *
     * @param index the lane's place in the engine's detector readings (network order)
     */
    record LaneRef(String road, int lane, int index) {
        String entityId() {
            return FLOW + road + "_" + lane;
        }

        String deviceId() {
            return "city-lane-" + road + "_" + lane;
        }
    }

    private final RoadNetwork network;
    private final GeoReference geo;
    private final List<Intersection> signals = new ArrayList<>();
    private final Map<String, SignalSite> sites = new LinkedHashMap<>();
    private final List<LaneRef> lanes = new ArrayList<>();
    private final Map<String, String> districts = new LinkedHashMap<>();
    private final List<CarPark> carParks = new ArrayList<>();
    private final int emergencyVehicles;

    /**
     * @param origin      the projection when the network has none of its own
     * @param districtRule {@code one} or {@code quadrants}, see {@link CitySettings#districts()}
     * @param emergencyVehicles the emergency vehicles with a transponder, numbered from 1
     */
    CityModel(RoadNetwork network, GeoReference origin, String districtRule, int carParkCount, int maxSignals,
            int emergencyVehicles) {
        this.network = network;
        this.emergencyVehicles = emergencyVehicles;
        this.geo = network.geoReference().orElse(origin);
        List<Intersection> all = new ArrayList<>();
        for (Intersection in : network.intersections()) {
            if (!in.virtual() && in.signal().isPresent() && !in.signal().get().phases().isEmpty()) {
                all.add(in);
            }
        }
        // the monitored area: the signals nearest the centre of them all, in network order
        double cx = all.stream().mapToDouble(i -> i.point().x()).average().orElse(0);
        double cy = all.stream().mapToDouble(i -> i.point().y()).average().orElse(0);
        java.util.Set<Intersection> kept = new java.util.HashSet<>(all.stream()
                .sorted(Comparator.comparingDouble((Intersection i) -> Math.hypot(i.point().x() - cx, i.point().y() - cy))
                        .thenComparing(Intersection::id))
                .limit(maxSignals).toList());
        all.stream().filter(kept::contains).forEach(signals::add);
        signals.forEach(i -> sites.put(i.id(), new SignalSite(network, i)));
        java.util.Set<String> ids = new java.util.HashSet<>();
        signals.forEach(i -> ids.add(i.id()));
        int index = 0;
        for (Road road : network.roads()) {
            boolean watched = ids.contains(road.endIntersection()) || ids.contains(road.startIntersection());
            for (int l = 0; l < road.lanes().size(); l++, index++) {
                if (watched) {
                    lanes.add(new LaneRef(road.id(), l, index));
                }
            }
        }
        assignDistricts(districtRule);
        placeCarParks(carParkCount);
    }

    private void assignDistricts(String rule) {
        if (signals.isEmpty()) {
            return;
        }
        double cx = signals.stream().mapToDouble(i -> i.point().x()).average().orElse(0);
        double cy = signals.stream().mapToDouble(i -> i.point().y()).average().orElse(0);
        for (Intersection in : signals) {
            String d = "city";
            if ("quadrants".equals(rule)) {
                d = (in.point().y() >= cy ? "north" : "south") + "-" + (in.point().x() >= cx ? "east" : "west");
            }
            districts.put(in.id(), d);
        }
    }

    /** Evenly over the signalised intersections in id order: deterministic, and spread on a grid network. */
    private void placeCarParks(int count) {
        List<Intersection> sorted = signals.stream().sorted(Comparator.comparing(Intersection::id)).toList();
        int n = Math.min(count, sorted.size());
        for (int k = 0; k < n; k++) {
            Intersection at = sorted.get((int) ((k + 0.5) * sorted.size() / n));
            carParks.add(new CarPark("carpark-" + (k + 1), at.id(), CAR_PARK_SPACES));
        }
    }

    RoadNetwork network() {
        return network;
    }

    List<Intersection> signals() {
        return signals;
    }

    List<LaneRef> lanes() {
        return lanes;
    }

    List<CarPark> carParks() {
        return carParks;
    }

    /** Signalised intersection id → district. */
    Map<String, String> districts() {
        return districts;
    }

    /** The lanes into and out of signalised intersection {@code id}, in the order controllers and its camera list them. */
    SignalSite site(String id) {
        SignalSite site = sites.get(id);
        if (site == null) {
            throw new IllegalArgumentException("no equipped signalised intersection '" + id + "' in the city");
        }
        return site;
    }

    static String cameraDevice(String intersection) {
        return "city-camera-" + intersection;
    }

    /** {@code road_lane}: how the camera entity's {@code lanes} and the lane detectors' entity ids name a lane. */
    static String laneName(SignalSite.LaneRef lane) {
        return lane.road() + "_" + lane.lane();
    }

    static String emergencyDevice(int unit) {
        return "city-emergency-" + unit;
    }

    static String emergencyEntity(int unit) {
        return VEHICLE + unit;
    }

    int emergencyVehicles() {
        return emergencyVehicles;
    }

    static String signalDevice(String intersection) {
        return "city-signal-" + intersection;
    }

    static String parkingDevice(String name) {
        return "city-parking-" + name;
    }

    /** Every virtual device: lane detectors, signals, cameras, car parks, emergency vehicles' transponders. */
    List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (LaneRef lane : lanes) {
            out.add(new Device(lane.deviceId(), URI.create(lane.entityId()), "TrafficFlowObserved", Map.of()));
        }
        for (Intersection in : signals) {
            out.add(new Device(signalDevice(in.id()), URI.create(TRAFFIC_SIGNAL + in.id()), "TrafficSignal", Map.of()));
            out.add(new Device(cameraDevice(in.id()), URI.create(APPROACH + in.id()), "TrafficApproachObserved", Map.of()));
        }
        for (CarPark p : carParks) {
            out.add(new Device(parkingDevice(p.name()), URI.create(PARKING + p.name()), "OffStreetParking", Map.of()));
        }
        for (int unit = 1; unit <= emergencyVehicles; unit++) {
            out.add(new Device(emergencyDevice(unit), URI.create(emergencyEntity(unit)), "Vehicle", Map.of()));
        }
        return out;
    }

    /**
     * The static twin in NGSI-LD normalized form with core-context names: RoadSegment,
     * TrafficSignal, TrafficApproachObserved, TrafficFlowObserved (without readings), OffStreetParking and
     * Vehicle (the emergency vehicles) entities.
     *
     * @param controllers district → the controller running there now
     */
    List<ObjectNode> entities(Map<String, String> controllers) {
        List<ObjectNode> out = new ArrayList<>();
        for (Road road : network.roads()) {
            ObjectNode e = entity(ROAD_SEGMENT + road.id(), "RoadSegment");
            ArrayNode line = NODES.arrayNode();
            road.points().forEach(p -> line.add(position(p)));
            e.set("location", geo("LineString", line));
            e.set("name", property(NODES.textNode(road.id())));
            e.set("laneCount", property(NODES.numberNode(road.lanes().size())));
            e.set("length", property(NODES.numberNode(round(road.length() / 1000, 4))).put("unitCode", "KMT"));
            double max = road.lanes().stream().mapToDouble(Lane::maxSpeed).max().orElse(0);
            e.set("maximumAllowedSpeed", property(NODES.numberNode(round(max * 3.6, 1))).put("unitCode", "KMH"));
            e.set("startIntersection", property(NODES.textNode(road.startIntersection())));
            e.set("endIntersection", property(NODES.textNode(road.endIntersection())));
            out.add(e);
        }
        for (LaneRef lane : lanes) {
            ObjectNode e = entity(lane.entityId(), "TrafficFlowObserved");
            e.set("refRoadSegment", relationship(ROAD_SEGMENT + lane.road()));
            e.set("laneId", property(NODES.numberNode(lane.lane())));
            out.add(e);
        }
        for (Intersection in : signals) {
            ObjectNode e = entity(TRAFFIC_SIGNAL + in.id(), "TrafficSignal");
            e.set("location", geo("Point", position(in.point())));
            String district = districts.get(in.id());
            e.set("district", property(NODES.textNode(district)));
            e.set("controller", property(NODES.textNode(controllers.getOrDefault(district, "plan"))));
            e.set("phaseCount", property(NODES.numberNode(in.signal().orElseThrow().phases().size())));
            out.add(e);
            out.add(camera(in));
        }
        for (CarPark p : carParks) {
            ObjectNode e = entity(PARKING + p.name(), "OffStreetParking");
            Intersection at = network.intersection(p.intersection()).orElseThrow();
            e.set("location", geo("Point", position(at.point())));
            e.set("name", property(NODES.textNode("Synthetic car park " + p.name() + " at " + p.intersection())));
            e.set("totalSpotNumber", property(NODES.numberNode(p.spaces())));
            e.set("refTrafficSignal", relationship(TRAFFIC_SIGNAL + p.intersection()));
            e.set("description", property(NODES.textNode("synthetic: not in the scenario's data; occupancy driven by the "
                    + "traffic arriving at its intersection (docs/demo.md)")));
            out.add(e);
        }
        for (int unit = 1; unit <= emergencyVehicles; unit++) {
            ObjectNode e = entity(emergencyEntity(unit), "Vehicle");
            e.set("vehicleType", property(NODES.textNode("ambulance")));
            e.set("name", property(NODES.textNode("Emergency vehicle " + unit)));
            e.set("description", property(NODES.textNode("synthetic: the city's emergency vehicle on 'emergency' trips; its "
                    + "transponder reports its position every simulated second while on a trip (docs/demo.md)")));
            out.add(e);
        }
        return out;
    }

    /** The static part of an intersection's camera entity: where, which signal, which lanes in which order, how far. */
    private ObjectNode camera(Intersection in) {
        ObjectNode e = entity(APPROACH + in.id(), "TrafficApproachObserved");
        e.set("location", geo("Point", position(in.point())));
        e.set("refTrafficSignal", relationship(TRAFFIC_SIGNAL + in.id()));
        ArrayNode lanes = NODES.arrayNode();
        site(in.id()).incoming().forEach(l -> lanes.add(laneName(l)));
        e.set("lanes", property(lanes));
        e.set("range", property(NODES.numberNode(Cameras.RANGE)).put("unitCode", "MTR"));
        e.set("description", property(NODES.textNode("the vehicles within " + (int) Cameras.RANGE + " m of the stop line of "
                + "each lane into the intersection, per lane in the order of lanes: [distance m, speed km/h], nearest first "
                + "(docs/demo.md)")));
        return e;
    }

    /** [lon, lat], to 7 decimals, of the point {@code fromStart} metres along {@code road}'s polyline (clamped to it). */
    List<Double> lonLat(Road road, double fromStart) {
        List<Point> pts = road.points();
        double left = Math.max(0, fromStart);
        Point at = pts.get(pts.size() - 1);
        for (int k = 1; k < pts.size(); k++) {
            Point a = pts.get(k - 1);
            Point b = pts.get(k);
            double len = Math.hypot(b.x() - a.x(), b.y() - a.y());
            if (left <= len) {
                double f = len == 0 ? 0 : left / len;
                at = new Point(a.x() + f * (b.x() - a.x()), a.y() + f * (b.y() - a.y()));
                break;
            }
            left -= len;
        }
        double[] lonLat = geo.toLonLat(at);
        return List.of(round(lonLat[0], 7).doubleValue(), round(lonLat[1], 7).doubleValue());
    }

    /** [lon, lat] of a plane point. */
    ArrayNode position(Point p) {
        double[] lonLat = geo.toLonLat(p);
        return NODES.arrayNode().add(round(lonLat[0], 7)).add(round(lonLat[1], 7));
    }

    private static ObjectNode entity(String id, String type) {
        ObjectNode e = NODES.objectNode();
        e.put("id", id);
        e.put("type", type);
        return e;
    }

    private static ObjectNode property(com.fasterxml.jackson.databind.JsonNode value) {
        ObjectNode p = NODES.objectNode();
        p.put("type", "Property");
        p.set("value", value);
        return p;
    }

    private static ObjectNode relationship(String object) {
        return NODES.objectNode().put("type", "Relationship").put("object", object);
    }

    private static ObjectNode geo(String type, ArrayNode coordinates) {
        ObjectNode value = NODES.objectNode();
        value.put("type", type);
        value.set("coordinates", coordinates);
        ObjectNode g = NODES.objectNode();
        g.put("type", "GeoProperty");
        g.set("value", value);
        return g;
    }

    private static BigDecimal round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP);
    }
}
