package org.citybrain.twin.format.sumo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.SignalPlan;
import org.citybrain.twin.Turn;
import org.citybrain.twin.TwinFormatException;

/**
 * Reads a SUMO {@code .net.xml} into a {@link RoadNetwork}. The file is first collected into plain
 * records (SUMO writes edges, traffic light programs, junctions and connections in that order, but
 * nothing here depends on it), then mapped onto the twin; see {@link SumoReader} for the mapping.
 */
final class SumoNetParser {
    static final double DEFAULT_LANE_WIDTH = 3.2;

    /**
     * Signal states in which a vehicle may enter: green with ({@code G}) or without ({@code g})
     * priority, green right-turn arrow after stopping ({@code s}, right-on-red), and signal off
     * ({@code O}, {@code o}), where the junction's priority rules apply. The twin has no
     * "stop, then go" and resolves conflicts by turn priority, which is what these states mean.
     * Red ({@code r}), yellow ({@code y}, {@code Y}) and red-yellow ({@code u}) stop.
     */
    private static final String MAY_GO = "GgsOo";

    private record LaneRec(int index, double speed, double width, double length, List<Point> shape, String where) {
    }

    private record EdgeRec(String id, String from, String to, List<Point> shape, List<LaneRec> lanes, int line,
                           String where) {
    }

    private record PhaseRec(double duration, String state, String where) {
    }

    private record TlRec(String id, String programId, List<PhaseRec> phases, String where) {
    }

    private record JunctionRec(String id, String type, Point point, int line, String where) {
    }

    private record ConnRec(String from, String to, int fromLane, int toLane, String via, String tl, int linkIndex,
                           String dir, String where) {
    }

    private final String source;
    // everything the file says, collected before mapping
    private final List<EdgeRec> edges = new ArrayList<>();
    /** Ids of edges that are not roads (internal, crossing, walking area, connector). */
    private final Set<String> otherEdges = new HashSet<>();
    private final Map<String, List<Point>> internalLaneShapes = new HashMap<>();
    private final Map<String, TlRec> tlLogics = new HashMap<>();
    private final List<JunctionRec> junctions = new ArrayList<>();
    private final List<ConnRec> connections = new ArrayList<>();
    /** Internal lane id → the next internal lane on the way through a junction. */
    private final Map<String, String> internalVia = new HashMap<>();

    private SumoNetParser(String source) {
        this.source = source;
    }

    static RoadNetwork read(Path file) {
        SumoNetParser p = new SumoNetParser(file.toString());
        try (XmlCursor xml = XmlCursor.open(file)) {
            p.collect(xml);
        }
        return p.build();
    }

    private void collect(XmlCursor xml) {
        if (!xml.next()) {
            throw new TwinFormatException(source, "", "not a SUMO network: the file has no elements");
        }
        if (!xml.name().equals("net")) {
            throw xml.fail("not a SUMO network: the root element is <" + xml.name() + ">, expected <net>");
        }
        List<LaneRec> currentLanes = null;
        boolean currentInternal = false;
        List<PhaseRec> currentPhases = null;
        while (xml.next()) {
            switch (xml.name()) {
                case "edge" -> {
                    String id = xml.required("id");
                    String function = xml.attr("function");
                    currentInternal = function != null && !function.equals("normal");
                    currentLanes = new ArrayList<>();
                    if (currentInternal) {
                        otherEdges.add(id);
                    } else {
                        edges.add(new EdgeRec(id, xml.required("from"), xml.required("to"), xml.shape("shape"),
                                currentLanes, xml.line(), xml.where()));
                    }
                }
                case "lane" -> {
                    if (currentLanes == null || xml.depth() != 3) {
                        throw xml.fail("<lane> must be inside an <edge>");
                    }
                    if (currentInternal) {
                        internalLaneShapes.put(xml.required("id"), xml.shape("shape"));
                    } else {
                        currentLanes.add(new LaneRec(xml.requiredInt("index"), xml.requiredDouble("speed"),
                                xml.optionalDouble("width", DEFAULT_LANE_WIDTH), xml.optionalDouble("length", -1),
                                xml.shape("shape"), xml.where()));
                    }
                }
                case "tlLogic" -> {
                    String id = xml.required("id");
                    currentPhases = new ArrayList<>();
                    // SUMO keeps one program per (id, programID); a net.xml written by netconvert has
                    // exactly one per id. Of several, the first in the file is used.
                    tlLogics.putIfAbsent(id, new TlRec(id, xml.attr("programID"), currentPhases, xml.where()));
                }
                case "phase" -> {
                    if (currentPhases == null || xml.depth() != 3) {
                        throw xml.fail("<phase> must be inside a <tlLogic>");
                    }
                    currentPhases.add(new PhaseRec(xml.requiredDouble("duration"), xml.required("state"),
                            xml.where()));
                }
                case "junction" -> {
                    String type = xml.attr("type");
                    if (!"internal".equals(type)) {
                        junctions.add(new JunctionRec(xml.required("id"), type == null ? "" : type,
                                point(xml), xml.line(), xml.where()));
                    }
                }
                case "connection" -> connection(xml);
                default -> {
                    // location, type, request, roundabout, param, neigh, stopOffset: nothing the twin keeps
                }
            }
        }
    }

    private static Point point(XmlCursor xml) {
        double x = xml.requiredDouble("x");
        double y = xml.requiredDouble("y");
        return new Point(x, y);
    }

    private void connection(XmlCursor xml) {
        String from = xml.required("from");
        String to = xml.required("to");
        int fromLane = xml.requiredInt("fromLane");
        int toLane = xml.requiredInt("toLane");
        String via = xml.attr("via");
        if (from.startsWith(":")) {
            // a connection inside a junction: from one internal lane to the next one (or to the road)
            if (via != null) {
                internalVia.put(from + "_" + fromLane, via);
            }
            return;
        }
        String tl = xml.attr("tl");
        int linkIndex = xml.optionalIndex("linkIndex");
        if (tl != null && linkIndex < 0) {
            throw xml.fail("<connection> controlled by traffic light '" + tl + "' needs attribute 'linkIndex' >= 0");
        }
        connections.add(new ConnRec(from, to, fromLane, toLane, via, tl, linkIndex, xml.attr("dir"), xml.where()));
    }

    private RoadNetwork build() {
        RoadNetwork.Builder builder = RoadNetwork.builder(source);
        Map<String, JunctionRec> junctionById = new HashMap<>();
        for (JunctionRec j : junctions) {
            junctionById.putIfAbsent(j.id, j);
        }
        Map<String, Road> roads = new LinkedHashMap<>();
        Map<String, EdgeRec> edgeById = new HashMap<>();
        for (EdgeRec e : edges) {
            Road road = road(e, junctionById);
            builder.add(road, "line " + e.line);
            roads.putIfAbsent(e.id, road);
            edgeById.putIfAbsent(e.id, e);
        }
        // the junction a connection belongs to is where its incoming road ends
        Map<String, Map<String, List<ConnRec>>> linksByJunction = new HashMap<>();
        for (ConnRec c : connections) {
            EdgeRec from = edgeById.get(c.from);
            EdgeRec to = edgeById.get(c.to);
            if (from == null || to == null) {
                String missing = from == null ? c.from : c.to;
                if (otherEdges.contains(missing)) {
                    continue; // to or from a crossing, walking area or connector: not a road movement
                }
                throw new TwinFormatException(source, c.where, "connection refers to unknown edge '" + missing + "'");
            }
            checkLane(c, from, c.fromLane, "fromLane");
            checkLane(c, to, c.toLane, "toLane");
            linksByJunction.computeIfAbsent(from.to, k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.from + "\u0000" + c.to, k -> new ArrayList<>()).add(c);
        }
        Map<String, List<Double>> setbacks = setbacks(roads, edgeById);
        for (JunctionRec j : junctions) {
            Map<String, List<ConnRec>> groups = linksByJunction.getOrDefault(j.id, Map.of());
            builder.add(intersection(j, groups, roads, setbacks.getOrDefault(j.id, List.of())), "line " + j.line);
        }
        return builder.build();
    }

    private Road road(EdgeRec e, Map<String, JunctionRec> junctionById) {
        List<Point> points = e.shape;
        if (points.isEmpty()) {
            JunctionRec from = junctionById.get(e.from);
            JunctionRec to = junctionById.get(e.to);
            if (from == null || to == null) {
                throw new TwinFormatException(source, e.where, "edge '" + e.id + "' "
                        + (from == null ? "starts at unknown junction '" + e.from : "ends at unknown junction '" + e.to)
                        + "'");
            }
            points = List.of(from.point, to.point);
        }
        int n = e.lanes.size();
        Lane[] lanes = new Lane[n];
        for (LaneRec l : e.lanes) {
            if (l.index < 0 || l.index >= n || lanes[n - 1 - l.index] != null) {
                throw new TwinFormatException(source, l.where, "lane index " + l.index + " of edge '" + e.id
                        + "' must be unique and between 0 and " + (n - 1));
            }
            lanes[n - 1 - l.index] = model(l.where, () -> new Lane(l.width, l.speed));
        }
        List<Point> roadPoints = points;
        return model(e.where, () -> new Road(e.id, e.from, e.to, roadPoints, List.of(lanes)));
    }

    private void checkLane(ConnRec c, EdgeRec edge, int lane, String attribute) {
        if (lane < 0 || lane >= edge.lanes.size()) {
            throw new TwinFormatException(source, c.where, attribute + " " + lane + " but edge '" + edge.id + "' has "
                    + edge.lanes.size() + " lanes");
        }
    }

    private Intersection intersection(JunctionRec j, Map<String, List<ConnRec>> groups, Map<String, Road> roads,
                                      List<Double> setbacks) {
        double width = width(setbacks);
        boolean onlyTurnarounds = groups.values().stream().allMatch(g -> "t".equals(g.get(0).dir));
        if (j.type.equals("dead_end") || onlyTurnarounds) {
            // a fringe node: nothing to do but leave or, by netconvert's default turnarounds, come
            // straight back; vehicles enter and leave the network here
            return model(j.where, () -> new Intersection(j.id, j.point, width, true, List.of(), Optional.empty()));
        }
        List<RoadLink> links = new ArrayList<>();
        List<List<ConnRec>> linkConnections = new ArrayList<>(groups.values());
        for (List<ConnRec> group : linkConnections) {
            ConnRec first = group.get(0);
            int fromLanes = roads.get(first.from).lanes().size();
            int toLanes = roads.get(first.to).lanes().size();
            List<LaneLink> laneLinks = new ArrayList<>();
            for (ConnRec c : group) {
                laneLinks.add(model(c.where, () -> new LaneLink(fromLanes - 1 - c.fromLane, toLanes - 1 - c.toLane,
                        viaShape(c))));
            }
            Turn turn = turn(first);
            links.add(model(first.where, () -> new RoadLink(turn, first.from, first.to, laneLinks)));
        }
        Optional<SignalPlan> signal = signal(j, linkConnections);
        return model(j.where, () -> new Intersection(j.id, j.point, width, false, links, signal));
    }

    private Turn turn(ConnRec c) {
        if (c.dir == null) {
            throw new TwinFormatException(source, c.where, "<connection> needs attribute 'dir'");
        }
        return switch (c.dir) {
            case "s" -> Turn.STRAIGHT;
            case "l", "L" -> Turn.LEFT;
            case "r", "R" -> Turn.RIGHT;
            case "t" -> Turn.U_TURN;
            default -> throw new TwinFormatException(source, c.where, "connection direction dir='" + c.dir
                    + "' is not one of s, l, L, r, R, t");
        };
    }

    /** The shape of the internal lanes a connection drives through, joined; empty without {@code via}. */
    private List<Point> viaShape(ConnRec c) {
        List<Point> points = new ArrayList<>();
        String lane = c.via;
        // chains are short (one or two internal lanes); the bound only stops a cyclic file
        for (int hop = 0; lane != null && hop < 16; hop++) {
            List<Point> shape = internalLaneShapes.get(lane);
            if (shape == null) {
                throw new TwinFormatException(source, c.where,
                        "connection goes via unknown internal lane '" + lane + "'");
            }
            for (Point p : shape) {
                if (points.isEmpty() || !points.get(points.size() - 1).equals(p)) {
                    points.add(p);
                }
            }
            lane = internalVia.get(lane);
        }
        return points;
    }

    private Optional<SignalPlan> signal(JunctionRec j, List<List<ConnRec>> links) {
        ConnRec controlled = null;
        for (List<ConnRec> group : links) {
            for (ConnRec c : group) {
                if (c.tl == null) {
                    continue;
                }
                if (controlled == null) {
                    controlled = c;
                } else if (!controlled.tl.equals(c.tl)) {
                    throw new TwinFormatException(source, c.where, "junction '" + j.id + "' is controlled by two"
                            + " traffic lights, '" + controlled.tl + "' and '" + c.tl + "'; the twin supports one");
                }
            }
        }
        if (controlled == null) {
            return Optional.empty();
        }
        TlRec tl = tlLogics.get(controlled.tl);
        if (tl == null) {
            throw new TwinFormatException(source, controlled.where, "unknown traffic light program '" + controlled.tl
                    + "': no <tlLogic> with that id");
        }
        if (tl.phases.isEmpty()) {
            throw new TwinFormatException(source, tl.where, "traffic light program '" + tl.id + "' has no phases");
        }
        List<Phase> phases = new ArrayList<>();
        for (PhaseRec p : tl.phases) {
            List<Integer> green = new ArrayList<>();
            for (int k = 0; k < links.size(); k++) {
                if (mayGo(links.get(k), tl, p)) {
                    green.add(k);
                }
            }
            phases.add(model(p.where, () -> new Phase(p.duration, green)));
        }
        return Optional.of(model(tl.where, () -> new SignalPlan(phases)));
    }

    /** Whether any lane of the road link may enter; a connection without a signal always may. */
    private boolean mayGo(List<ConnRec> link, TlRec tl, PhaseRec phase) {
        boolean go = false;
        for (ConnRec c : link) {
            if (c.tl == null) {
                go = true;
                continue;
            }
            if (c.linkIndex >= phase.state.length()) {
                throw new TwinFormatException(source, c.where, "linkIndex " + c.linkIndex + " is outside the state of"
                        + " traffic light '" + tl.id + "', which has " + phase.state.length() + " signals (phase at "
                        + phase.where + ")");
            }
            go |= MAY_GO.indexOf(phase.state.charAt(c.linkIndex)) >= 0;
        }
        return go;
    }

    /**
     * SUMO trims lanes back from the junction centre to the stop line; the twin trims a road by its
     * intersection's width. For every lane touching a junction this measures that setback along the
     * road's direction (so the lane's lateral offset does not count), keyed by junction id.
     */
    private Map<String, List<Double>> setbacks(Map<String, Road> roads, Map<String, EdgeRec> edgeById) {
        Map<String, List<Double>> byJunction = new HashMap<>();
        for (Road road : roads.values()) {
            List<Point> pts = road.points();
            Point start = pts.get(0);
            Point second = pts.get(1);
            Point end = pts.get(pts.size() - 1);
            Point beforeEnd = pts.get(pts.size() - 2);
            for (LaneRec lane : edgeById.get(road.id()).lanes) {
                if (lane.shape.size() < 2) {
                    continue;
                }
                double atStart = along(start, second, start, lane.shape.get(0));
                double atEnd = along(beforeEnd, end, lane.shape.get(lane.shape.size() - 1), end);
                byJunction.computeIfAbsent(road.startIntersection(), k -> new ArrayList<>()).add(atStart);
                byJunction.computeIfAbsent(road.endIntersection(), k -> new ArrayList<>()).add(atEnd);
            }
        }
        return byJunction;
    }

    /** Length of the vector {@code from → to} projected on the direction {@code a → b}; 0 if a = b. */
    private static double along(Point a, Point b, Point from, Point to) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double len = Math.hypot(dx, dy);
        if (len == 0) {
            return 0;
        }
        return ((to.x() - from.x()) * dx + (to.y() - from.y()) * dy) / len;
    }

    /**
     * The mean setback of the lanes at the junction, so that road length minus the widths at both
     * ends gives SUMO's lane lengths on average; 0 where lanes reach the junction point.
     */
    private static double width(List<Double> setbacks) {
        if (setbacks.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (double s : setbacks) {
            sum += s;
        }
        double mean = sum / setbacks.size();
        // positions in the file have two decimals; keep the width as precise as its input
        return Math.max(0, Math.round(mean * 100) / 100.0);
    }

    /** Runs a model constructor, turning its IllegalArgumentException into a located format error. */
    private <T> T model(String where, Supplier<T> create) {
        try {
            return create.get();
        } catch (IllegalArgumentException e) {
            throw new TwinFormatException(source, where, e.getMessage(), e);
        }
    }
}
