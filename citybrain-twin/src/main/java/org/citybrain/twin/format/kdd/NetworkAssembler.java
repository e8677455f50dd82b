package org.citybrain.twin.format.kdd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.citybrain.twin.GeoReference;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.SignalPlan;
import org.citybrain.twin.Turn;
import org.citybrain.twin.format.kdd.RoadnetText.DirRoad;
import org.citybrain.twin.format.kdd.RoadnetText.Inter;
import org.citybrain.twin.format.kdd.RoadnetText.SignalRow;

/** Turns a parsed roadnet into the twin's {@link RoadNetwork}; see {@link KddCupReader} for the mapping. */
final class NetworkAssembler {
    /** Metres; the format gives no lane width, this is the common urban lane in China (3.25–3.75 m). */
    static final double LANE_WIDTH_M = 3.5;

    private static final Turn[] TURN_ORDER = {Turn.LEFT, Turn.STRAIGHT, Turn.RIGHT};

    private final RoadnetText raw;
    private final TextCursor cursor;
    private final Point[] points;
    /** Road indices ending / starting at each intersection, in file order. */
    private final List<List<Integer>> incoming = new ArrayList<>();
    private final List<List<Integer>> outgoing = new ArrayList<>();

    private NetworkAssembler(RoadnetText raw, TextCursor cursor) {
        this.raw = raw;
        this.cursor = cursor;
        this.points = new Point[raw.intersections.size()];
    }

    /** @param cursor the cursor the roadnet was read with, for the source name in errors */
    static RoadNetwork assemble(RoadnetText raw, TextCursor cursor) {
        return new NetworkAssembler(raw, cursor).build();
    }

    private RoadNetwork build() {
        RoadNetwork.Builder builder = RoadNetwork.builder(cursor.source());
        List<Inter> inters = raw.intersections;
        if (!inters.isEmpty()) {
            GeoReference geo = meanOrigin(inters);
            builder.geoReference(geo);
            for (int i = 0; i < inters.size(); i++) {
                points[i] = geo.toPlane(inters.get(i).lat(), inters.get(i).lon());
                incoming.add(new ArrayList<>(4));
                outgoing.add(new ArrayList<>(4));
            }
        }
        for (int r = 0; r < raw.roads.size(); r++) {
            DirRoad d = raw.roads.get(r);
            incoming.get(d.to()).add(r);
            outgoing.get(d.from()).add(r);
            Road road;
            try {
                Lane lane = new Lane(LANE_WIDTH_M, d.speed());
                road = new Road(d.id(), inters.get(d.from()).id(), inters.get(d.to()).id(),
                        List.of(points[d.from()], points[d.to()]), Collections.nCopies(d.lanes(), lane));
            } catch (IllegalArgumentException e) {
                throw cursor.errorAt(d.line(), e);
            }
            builder.add(road, "line " + d.line());
        }
        for (int i = 0; i < inters.size(); i++) {
            Inter inter = inters.get(i);
            SignalRow row = raw.signals[i];
            List<Movement> moves = row != null ? signalMovements(i, row) : geometricMovements(i);
            List<RoadLink> links = new ArrayList<>(moves.size());
            int[] approaches = new int[moves.size()];
            Turn[] turns = new Turn[moves.size()];
            for (Movement m : moves) {
                List<LaneLink> laneLinks = laneLinks(m);
                if (laneLinks.isEmpty()) {
                    continue;
                }
                approaches[links.size()] = m.approach();
                turns[links.size()] = m.turn();
                links.add(new RoadLink(m.turn(), raw.roads.get(m.from()).id(), raw.roads.get(m.to()).id(), laneLinks));
            }
            Optional<SignalPlan> plan = row == null ? Optional.empty()
                    : Optional.of(KddPhases.defaultPlan(approaches, Arrays.copyOf(turns, links.size())));
            boolean virtual = row == null && links.isEmpty();
            Intersection intersection;
            try {
                intersection = new Intersection(inter.id(), points[i], 0, virtual, links, plan);
            } catch (IllegalArgumentException e) {
                throw cursor.errorAt(inter.line(), e);
            }
            builder.add(intersection, "line " + inter.line());
        }
        return builder.build();
    }

    private static GeoReference meanOrigin(List<Inter> inters) {
        double lat = 0;
        double lon = 0;
        for (Inter in : inters) {
            lat += in.lat();
            lon += in.lon();
        }
        return new GeoReference(lat / inters.size(), lon / inters.size());
    }

    /**
     * A candidate road link.
     *
     * @param approach approach of {@code from} in the signal row (0..3), or -1 without one
     */
    record Movement(int from, int to, Turn turn, int approach) {
    }

    /**
     * Movements at a signalised intersection from its signal row: the road arriving from approach
     * {@code a} is the other direction of exit {@code a}; turning left it leaves by exit
     * {@code a+1}, straight on by {@code a+2}, right by {@code a+3} (mod 4, exits being clockwise).
     */
    private List<Movement> signalMovements(int at, SignalRow row) {
        int[] exits = row.exits();
        for (int out : outgoing.get(at)) {
            if (!contains(exits, out)) {
                throw cursor.errorAt(row.line(), "road '" + raw.roads.get(out).id() + "' leaves intersection '"
                        + raw.intersections.get(at).id() + "' but is missing from its signal row");
            }
        }
        for (int in : incoming.get(at)) {
            int reverse = raw.roads.get(in).reverse();
            if (reverse < 0 || !contains(exits, reverse)) {
                throw cursor.errorAt(row.line(), "road '" + raw.roads.get(in).id() + "' enters intersection '"
                        + raw.intersections.get(at).id() + "' from no approach of its signal row");
            }
        }
        List<Movement> moves = new ArrayList<>(12);
        for (int a = 0; a < 4; a++) {
            if (exits[a] < 0 || raw.roads.get(exits[a]).reverse() < 0) {
                continue;
            }
            int in = raw.roads.get(exits[a]).reverse();
            for (int t = 0; t < 3; t++) {
                int out = exits[(a + 1 + t) % 4];
                if (out >= 0) {
                    moves.add(new Movement(in, out, TURN_ORDER[t], a));
                }
            }
        }
        return moves;
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** Movements at an intersection without a signal row, named by {@link TurnGeometry}. */
    private List<Movement> geometricMovements(int at) {
        List<Movement> moves = new ArrayList<>();
        List<Integer> outs = outgoing.get(at);
        for (int in : incoming.get(at)) {
            DirRoad arriving = raw.roads.get(in);
            List<Integer> ways = new ArrayList<>(outs.size());
            for (int out : outs) {
                if (raw.roads.get(out).to() != arriving.from()) {
                    ways.add(out);
                }
            }
            if (ways.isEmpty()) {
                continue;
            }
            double ax = points[arriving.to()].x() - points[arriving.from()].x();
            double ay = points[arriving.to()].y() - points[arriving.from()].y();
            double[] angles = new double[ways.size()];
            for (int k = 0; k < ways.size(); k++) {
                DirRoad leaving = raw.roads.get(ways.get(k));
                angles[k] = TurnGeometry.angle(ax, ay, points[leaving.to()].x() - points[leaving.from()].x(),
                        points[leaving.to()].y() - points[leaving.from()].y());
            }
            Turn[] turns = TurnGeometry.classify(angles);
            // leftmost first, so an intersection's links read left, straight, right per arriving road
            Integer[] order = new Integer[ways.size()];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (p, q) -> Double.compare(angles[q], angles[p]));
            for (int k : order) {
                moves.add(new Movement(in, ways.get(k), turns[k], -1));
            }
        }
        return moves;
    }

    /**
     * Every lane of the arriving road that permits the turn, to every lane of the road it turns
     * onto: the format says which lanes may make a movement but not which lanes they reach, and
     * landing on any lane leaves the vehicle free to take the lane its next movement needs.
     */
    private List<LaneLink> laneLinks(Movement m) {
        byte[] permissions = raw.roads.get(m.from()).permissions();
        int bit = switch (m.turn()) {
            case LEFT -> RoadnetText.LEFT;
            case STRAIGHT -> RoadnetText.STRAIGHT;
            case RIGHT -> RoadnetText.RIGHT;
            case U_TURN -> 0;
        };
        int endLanes = raw.roads.get(m.to()).lanes();
        List<LaneLink> links = new ArrayList<>();
        for (int lane = 0; lane < permissions.length; lane++) {
            if ((permissions[lane] & bit) != 0) {
                for (int end = 0; end < endLanes; end++) {
                    links.add(new LaneLink(lane, end, List.of()));
                }
            }
        }
        return links;
    }
}
