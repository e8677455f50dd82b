package org.citybrain.twin.format.cityflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.SignalPlan;
import org.citybrain.twin.Turn;
import org.citybrain.twin.TwinFormatException;
import org.citybrain.twin.VehicleType;
import org.citybrain.twin.format.ScenarioReader;

/**
 * Reads CityFlow's roadnet JSON and flow JSON, with the fields and defaults CityFlow's own loader
 * uses.
 *
 * <p>Roadnet: an object with {@code intersections} and {@code roads}.
 * <ul>
 *   <li>A road needs {@code id}, {@code startIntersection}, {@code endIntersection}, at least two
 *       {@code points} ({@code {x, y}} in metres) and at least one lane ({@code {width, maxSpeed}}).</li>
 *   <li>An intersection needs {@code id}, {@code point} and {@code virtual}. Like CityFlow, the
 *       road links and traffic light of a virtual intersection are ignored and its {@code width}
 *       is optional (default 0); a virtual intersection never has a signal.</li>
 *   <li>A non-virtual intersection needs {@code width} and {@code roadLinks}; each road link a
 *       {@code type} ({@code go_straight}, {@code turn_left}, {@code turn_right}; {@code turn_u}
 *       is accepted as a CityBrain extension), {@code startRoad}, {@code endRoad} and
 *       {@code laneLinks} ({@code startLaneIndex}, {@code endLaneIndex}, optional {@code points}).
 *       {@code direction} is not used.</li>
 *   <li>The optional {@code trafficLight.lightphases} ({@code time} in seconds,
 *       {@code availableRoadLinks} as indices into the intersection's road links) become a
 *       {@link SignalPlan} with the phases in file order; {@code roadLinkIndices} is not used. No
 *       traffic light or no phases means unsignalised. A single phase that lets every road link go
 *       also reads as unsignalised: it means exactly that, and it is how {@link CityFlowWriter}
 *       encodes unsignalised intersections, since CityFlow requires a traffic light.</li>
 *   <li>An intersection's {@code roads} list is optional; when present each entry must be a known
 *       road.</li>
 * </ul>
 *
 * <p>Flow: an array of {@code {vehicle, route, interval, startTime, endTime}}. All nine vehicle
 * parameters and {@code interval} are required; {@code startTime} defaults to 0 and
 * {@code endTime} to -1 (unbounded), as in CityFlow. The flow at index {@code i} gets the id
 * {@code flow_i}, CityFlow's naming.
 *
 * <p>Every problem is a {@link TwinFormatException} whose source is the path as given and whose
 * location is {@code line L, column C} for malformed JSON, or else the JSON path of the offending
 * element or field ({@code $.roads[3].lanes[1].maxSpeed}, {@code $[12].route[2]}). Nothing
 * partially read is returned. Stateless and thread-safe.
 */
public final class CityFlowReader implements ScenarioReader {

    @Override
    public RoadNetwork readNetwork(Path roadnet) {
        String source = roadnet.toString();
        JsonInput in = new JsonInput(source);
        JsonNode root = in.object(in.parse(roadnet), "$");
        JsonNode roads = in.arrayField(root, "$", "roads");
        JsonNode intersections = in.arrayField(root, "$", "intersections");

        RoadNetwork.Builder builder = RoadNetwork.builder(source);
        Set<String> roadIds = new HashSet<>();
        for (int i = 0; i < roads.size(); i++) {
            String path = "$.roads[" + i + "]";
            Road road = readRoad(in, in.object(roads.get(i), path), path);
            roadIds.add(road.id());
            builder.add(road, path);
        }
        for (int i = 0; i < intersections.size(); i++) {
            String path = "$.intersections[" + i + "]";
            builder.add(readIntersection(in, in.object(intersections.get(i), path), path, roadIds), path);
        }
        return builder.build();
    }

    @Override
    public Scenario read(Path roadnet, Path flow) {
        RoadNetwork network = readNetwork(roadnet);
        String source = flow.toString();
        JsonInput in = new JsonInput(source);
        JsonNode flows = in.array(in.parse(flow), "$");
        Scenario.FlowsBuilder builder = Scenario.flows(network, source);
        for (int i = 0; i < flows.size(); i++) {
            String path = "$[" + i + "]";
            builder.add(readFlow(in, in.object(flows.get(i), path), path, "flow_" + i), path);
        }
        return builder.build();
    }

    private static Road readRoad(JsonInput in, JsonNode road, String path) {
        String id = in.text(road, path, "id");
        String start = in.text(road, path, "startIntersection");
        String end = in.text(road, path, "endIntersection");
        List<Point> points = readPoints(in, in.arrayField(road, path, "points"), path + ".points");
        JsonNode lanesNode = in.arrayField(road, path, "lanes");
        List<Lane> lanes = new ArrayList<>(lanesNode.size());
        for (int j = 0; j < lanesNode.size(); j++) {
            String lp = path + ".lanes[" + j + "]";
            JsonNode lane = in.object(lanesNode.get(j), lp);
            double width = in.number(lane, lp, "width");
            double maxSpeed = in.number(lane, lp, "maxSpeed");
            lanes.add(in.build(lp, () -> new Lane(width, maxSpeed)));
        }
        OptionalDouble length = in.optionalNumber(road, path, "length");
        return in.build(path, () -> new Road(id, start, end, points, lanes, length));
    }

    private static Intersection readIntersection(JsonInput in, JsonNode node, String path, Set<String> roadIds) {
        String id = in.text(node, path, "id");
        Point point = readPoint(in, in.objectField(node, path, "point"), path + ".point");
        boolean virtual = in.bool(node, path, "virtual");
        JsonNode roads = in.optionalArrayField(node, path, "roads");
        if (roads != null) {
            for (int k = 0; k < roads.size(); k++) {
                String rp = path + ".roads[" + k + "]";
                String road = in.text(roads.get(k), rp);
                if (!roadIds.contains(road)) {
                    throw in.fail(rp, "unknown road '" + road + "'");
                }
            }
        }
        if (virtual) {
            double width = in.optionalNumber(node, path, "width").orElse(0);
            return in.build(path, () -> new Intersection(id, point, width, true, List.of(), Optional.empty()));
        }
        double width = in.number(node, path, "width");
        JsonNode linksNode = in.arrayField(node, path, "roadLinks");
        List<RoadLink> links = new ArrayList<>(linksNode.size());
        for (int k = 0; k < linksNode.size(); k++) {
            String lp = path + ".roadLinks[" + k + "]";
            links.add(readRoadLink(in, in.object(linksNode.get(k), lp), lp));
        }
        Optional<SignalPlan> signal = readTrafficLight(in, node, path, links.size());
        return in.build(path, () -> new Intersection(id, point, width, false, links, signal));
    }

    private static RoadLink readRoadLink(JsonInput in, JsonNode link, String path) {
        String type = in.text(link, path, "type");
        Turn turn = Turn.fromCityFlowName(type).orElseThrow(() -> in.fail(path + ".type",
                "unknown road link type '" + type + "', expected go_straight, turn_left or turn_right"));
        String startRoad = in.text(link, path, "startRoad");
        String endRoad = in.text(link, path, "endRoad");
        JsonNode laneLinksNode = in.arrayField(link, path, "laneLinks");
        List<LaneLink> laneLinks = new ArrayList<>(laneLinksNode.size());
        for (int m = 0; m < laneLinksNode.size(); m++) {
            String lp = path + ".laneLinks[" + m + "]";
            JsonNode ll = in.object(laneLinksNode.get(m), lp);
            int startLane = in.integer(ll, lp, "startLaneIndex");
            int endLane = in.integer(ll, lp, "endLaneIndex");
            JsonNode pointsNode = in.optionalArrayField(ll, lp, "points");
            List<Point> points = pointsNode == null ? List.of() : readPoints(in, pointsNode, lp + ".points");
            laneLinks.add(in.build(lp, () -> new LaneLink(startLane, endLane, points)));
        }
        return in.build(path, () -> new RoadLink(turn, startRoad, endRoad, laneLinks));
    }

    private static Optional<SignalPlan> readTrafficLight(JsonInput in, JsonNode intersection, String path,
                                                         int roadLinkCount) {
        JsonNode light = intersection.get("trafficLight");
        if (light == null || light.isNull()) {
            return Optional.empty();
        }
        String tp = path + ".trafficLight";
        JsonNode phasesNode = in.arrayField(in.object(light, tp), tp, "lightphases");
        List<Phase> phases = new ArrayList<>(phasesNode.size());
        for (int p = 0; p < phasesNode.size(); p++) {
            String pp = tp + ".lightphases[" + p + "]";
            JsonNode phase = in.object(phasesNode.get(p), pp);
            double time = in.number(phase, pp, "time");
            JsonNode available = in.arrayField(phase, pp, "availableRoadLinks");
            List<Integer> links = new ArrayList<>(available.size());
            for (int k = 0; k < available.size(); k++) {
                links.add(in.integer(available.get(k), pp + ".availableRoadLinks[" + k + "]"));
            }
            phases.add(in.build(pp, () -> new Phase(time, links)));
        }
        if (phases.isEmpty() || letsEveryRoadLinkGo(phases, roadLinkCount)) {
            return Optional.empty();
        }
        return Optional.of(in.build(tp, () -> new SignalPlan(phases)));
    }

    private static boolean letsEveryRoadLinkGo(List<Phase> phases, int roadLinkCount) {
        if (phases.size() != 1) {
            return false;
        }
        Set<Integer> links = new HashSet<>(phases.get(0).roadLinks());
        for (int k = 0; k < roadLinkCount; k++) {
            if (!links.remove(k)) {
                return false;
            }
        }
        // Anything left is out of range; keep the plan so the network builder reports it.
        return links.isEmpty();
    }

    private static Flow readFlow(JsonInput in, JsonNode flow, String path, String id) {
        String vp = path + ".vehicle";
        JsonNode v = in.objectField(flow, path, "vehicle");
        VehicleType vehicle = in.build(vp, () -> new VehicleType(
                in.number(v, vp, "length"),
                in.number(v, vp, "width"),
                in.number(v, vp, "maxPosAcc"),
                in.number(v, vp, "maxNegAcc"),
                in.number(v, vp, "usualPosAcc"),
                in.number(v, vp, "usualNegAcc"),
                in.number(v, vp, "minGap"),
                in.number(v, vp, "maxSpeed"),
                in.number(v, vp, "headwayTime")));
        JsonNode routeNode = in.arrayField(flow, path, "route");
        List<String> route = new ArrayList<>(routeNode.size());
        for (int k = 0; k < routeNode.size(); k++) {
            route.add(in.text(routeNode.get(k), path + ".route[" + k + "]"));
        }
        double interval = in.number(flow, path, "interval");
        double startTime = in.optionalNumber(flow, path, "startTime").orElse(0);
        double endTime = in.optionalNumber(flow, path, "endTime").orElse(-1);
        return in.build(path, () -> new Flow(id, vehicle, route, interval, startTime, endTime));
    }

    private static List<Point> readPoints(JsonInput in, JsonNode array, String path) {
        List<Point> points = new ArrayList<>(array.size());
        for (int k = 0; k < array.size(); k++) {
            String pp = path + "[" + k + "]";
            points.add(readPoint(in, in.object(array.get(k), pp), pp));
        }
        return points;
    }

    private static Point readPoint(JsonInput in, JsonNode point, String path) {
        double x = in.number(point, path, "x");
        double y = in.number(point, path, "y");
        return in.build(path, () -> new Point(x, y));
    }
}
