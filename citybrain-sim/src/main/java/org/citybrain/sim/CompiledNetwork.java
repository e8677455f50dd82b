package org.citybrain.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.twin.Intersection;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Turn;

/**
 * The road network flattened into primitive arrays for the engine's hot loops.
 *
 * <p>Layout. Every place a vehicle can be is a <em>drivable</em>, numbered {@code 0..drivables-1}:
 * lanes first ({@code 0..lanes-1}, road by road, lane 0 of a road innermost), then lane links
 * ({@code lanes..drivables-1}, intersection by intersection in road-link order). Lengths are in
 * metres, speeds in m/s. Road links (movements) are numbered globally, intersection by
 * intersection. Crosses are the points where two lane links of one intersection meet; each lane
 * link lists its crosses ordered by distance from its start (CSR: {@code linkCrossOff},
 * {@code linkCross}, {@code linkCrossSide} telling which side of the cross the link is).
 *
 * <p>Geometry follows CityFlow: a lane's centre line is the road's centre line trimmed by the
 * width of non-virtual end intersections and offset to the right by the lanes inside it plus half
 * its own width; a lane link without points is a cubic Bézier curve from the end of its start lane
 * to the start of its end lane.
 */
final class CompiledNetwork {
    /** CityFlow's lane-link speed: no limit of its own (turn speed is a vehicle parameter). */
    static final double LINK_MAX_SPEED = 10000;

    final RoadNetwork source;
    final int roads;
    final int lanes;
    final int links;
    final int drivables;
    final int intersections;
    final int roadLinks;

    // roads
    final int[] roadFirstLane;
    final int[] roadLaneCount;
    final int[] roadStartInter;
    final int[] roadEndInter;

    // drivables (lanes then links)
    final double[] length;
    final double[] maxSpeed;
    final double[] width;
    final double[][] points; // x0,y0,x1,y1,... per drivable

    // lanes
    final int[] laneRoad;
    final int[] laneIndex;
    final int[] laneLinkOff; // outgoing lane links of lane l: laneLinkList[laneLinkOff[l] .. laneLinkOff[l+1])
    final int[] laneLinkList; // drivable ids of links
    final int[] laneInLinkOff; // lane links ending in lane l: laneInLink[laneInLinkOff[l] .. laneInLinkOff[l+1])
    final int[] laneInLink;

    // lane links, indexed by drivable id - lanes
    final int[] linkStartLane;
    final int[] linkEndLane;
    final int[] linkRoadLink;
    final int[] linkPriority; // Turn.priority(): straight 3 > left 2 > right 1 > U-turn 0
    final boolean[] linkIsTurn;
    final int[] linkCrossOff;
    final int[] linkCross;
    final int[] linkCrossSide;

    // road links
    final int[] roadLinkInter;
    final int[] roadLinkLocal;
    final int[] roadLinkStartRoad;
    final int[] roadLinkEndRoad;

    // intersections
    final int[] interRoadLinkOff;
    final boolean[] interSignalised;
    final int[] interInLaneOff; // lanes of roads ending at intersection i: interInLane[interInLaneOff[i] .. [i+1])
    final int[] interInLane;
    final int[] interOutLaneOff; // lanes of roads starting at intersection i, likewise
    final int[] interOutLane;

    // crosses
    final int crosses;
    final int[] crossLink; // 2 per cross: drivable ids
    final double[] crossDistance; // 2 per cross: distance from the start of each link

    CompiledNetwork(RoadNetwork net) {
        this.source = net;
        List<Road> rs = net.roads();
        List<Intersection> is = net.intersections();
        roads = rs.size();
        intersections = is.size();
        roadFirstLane = new int[roads];
        roadLaneCount = new int[roads];
        roadStartInter = new int[roads];
        roadEndInter = new int[roads];
        int laneCount = 0;
        for (int r = 0; r < roads; r++) {
            Road road = rs.get(r);
            roadFirstLane[r] = laneCount;
            roadLaneCount[r] = road.lanes().size();
            roadStartInter[r] = net.intersectionIndex(road.startIntersection());
            roadEndInter[r] = net.intersectionIndex(road.endIntersection());
            laneCount += road.lanes().size();
        }
        lanes = laneCount;
        int linkCount = 0;
        int rlCount = 0;
        for (Intersection in : is) {
            rlCount += in.roadLinks().size();
            for (RoadLink rl : in.roadLinks()) {
                linkCount += rl.laneLinks().size();
            }
        }
        links = linkCount;
        roadLinks = rlCount;
        drivables = lanes + links;
        length = new double[drivables];
        maxSpeed = new double[drivables];
        width = new double[drivables];
        points = new double[drivables][];
        laneRoad = new int[lanes];
        laneIndex = new int[lanes];

        for (int r = 0; r < roads; r++) {
            buildLanes(r, rs.get(r), is);
        }

        linkStartLane = new int[links];
        linkEndLane = new int[links];
        linkRoadLink = new int[links];
        linkPriority = new int[links];
        linkIsTurn = new boolean[links];
        roadLinkInter = new int[roadLinks];
        roadLinkLocal = new int[roadLinks];
        roadLinkStartRoad = new int[roadLinks];
        roadLinkEndRoad = new int[roadLinks];
        interRoadLinkOff = new int[intersections + 1];
        interSignalised = new boolean[intersections];
        int[] laneOutCount = new int[lanes];
        int k = 0;
        int g = 0;
        for (int i = 0; i < intersections; i++) {
            Intersection in = is.get(i);
            interRoadLinkOff[i] = g;
            interSignalised[i] = in.signal().isPresent();
            for (int local = 0; local < in.roadLinks().size(); local++, g++) {
                RoadLink rl = in.roadLinks().get(local);
                int sr = net.roadIndex(rl.startRoad());
                int er = net.roadIndex(rl.endRoad());
                roadLinkInter[g] = i;
                roadLinkLocal[g] = local;
                roadLinkStartRoad[g] = sr;
                roadLinkEndRoad[g] = er;
                for (LaneLink ll : rl.laneLinks()) {
                    int sl = roadFirstLane[sr] + ll.startLane();
                    int el = roadFirstLane[er] + ll.endLane();
                    int d = lanes + k;
                    linkStartLane[k] = sl;
                    linkEndLane[k] = el;
                    linkRoadLink[k] = g;
                    linkPriority[k] = rl.turn().priority();
                    linkIsTurn[k] = rl.turn() != Turn.STRAIGHT;
                    width[d] = 4;
                    maxSpeed[d] = LINK_MAX_SPEED;
                    points[d] = ll.points().size() >= 2 ? flatten(ll.points()) : bezier(sl, el);
                    length[d] = polylineLength(points[d]);
                    laneOutCount[sl]++;
                    k++;
                }
            }
        }
        interRoadLinkOff[intersections] = g;

        laneLinkOff = new int[lanes + 1];
        for (int l = 0; l < lanes; l++) {
            laneLinkOff[l + 1] = laneLinkOff[l] + laneOutCount[l];
        }
        laneLinkList = new int[links];
        int[] fill = new int[lanes];
        for (int j = 0; j < links; j++) {
            int sl = linkStartLane[j];
            laneLinkList[laneLinkOff[sl] + fill[sl]++] = lanes + j;
        }

        int[][] in = lanesByIntersection(roadEndInter);
        interInLaneOff = in[0];
        interInLane = in[1];
        int[][] out = lanesByIntersection(roadStartInter);
        interOutLaneOff = out[0];
        interOutLane = out[1];

        laneInLinkOff = new int[lanes + 1];
        for (int j = 0; j < links; j++) {
            laneInLinkOff[linkEndLane[j] + 1]++;
        }
        for (int l = 0; l < lanes; l++) {
            laneInLinkOff[l + 1] += laneInLinkOff[l];
        }
        laneInLink = new int[links];
        int[] inFill = new int[lanes];
        for (int j = 0; j < links; j++) {
            int el = linkEndLane[j];
            laneInLink[laneInLinkOff[el] + inFill[el]++] = lanes + j;
        }

        // crosses
        List<double[]> found = new ArrayList<>();
        List<int[]> foundLinks = new ArrayList<>();
        int linkBase = 0;
        for (int i = 0; i < intersections; i++) {
            int n = 0;
            for (RoadLink rl : is.get(i).roadLinks()) {
                n += rl.laneLinks().size();
            }
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    int da = lanes + linkBase + a;
                    int db = lanes + linkBase + b;
                    double[] hit = firstCrossing(points[da], points[db]);
                    if (hit != null) {
                        found.add(hit);
                        foundLinks.add(new int[] {da, db});
                    }
                }
            }
            linkBase += n;
        }
        crosses = found.size();
        crossLink = new int[crosses * 2];
        crossDistance = new double[crosses * 2];
        int[] perLink = new int[links];
        for (int c = 0; c < crosses; c++) {
            int[] ls = foundLinks.get(c);
            crossLink[2 * c] = ls[0];
            crossLink[2 * c + 1] = ls[1];
            crossDistance[2 * c] = found.get(c)[0];
            crossDistance[2 * c + 1] = found.get(c)[1];
            perLink[ls[0] - lanes]++;
            perLink[ls[1] - lanes]++;
        }
        linkCrossOff = new int[links + 1];
        for (int j = 0; j < links; j++) {
            linkCrossOff[j + 1] = linkCrossOff[j] + perLink[j];
        }
        linkCross = new int[crosses * 2];
        linkCrossSide = new int[crosses * 2];
        int[] pos = new int[links];
        for (int c = 0; c < crosses; c++) {
            for (int side = 0; side < 2; side++) {
                int j = crossLink[2 * c + side] - lanes;
                int at = linkCrossOff[j] + pos[j]++;
                linkCross[at] = c;
                linkCrossSide[at] = side;
            }
        }
        // order each link's crosses by distance along it (insertion sort: lists are short)
        for (int j = 0; j < links; j++) {
            for (int x = linkCrossOff[j] + 1; x < linkCrossOff[j + 1]; x++) {
                int c = linkCross[x];
                int s = linkCrossSide[x];
                double dx = crossDistance[2 * c + s];
                int y = x - 1;
                while (y >= linkCrossOff[j] && crossDistance[2 * linkCross[y] + linkCrossSide[y]] > dx) {
                    linkCross[y + 1] = linkCross[y];
                    linkCrossSide[y + 1] = linkCrossSide[y];
                    y--;
                }
                linkCross[y + 1] = c;
                linkCrossSide[y + 1] = s;
            }
        }
    }

    private void buildLanes(int r, Road road, List<Intersection> is) {
        List<Point> pts = road.points();
        int n = pts.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = pts.get(i).x();
            ys[i] = pts.get(i).y();
        }
        Intersection start = is.get(roadStartInter[r]);
        Intersection end = is.get(roadEndInter[r]);
        if (!start.virtual() && start.width() > 0) {
            double[] u = unit(xs[1] - xs[0], ys[1] - ys[0]);
            xs[0] += u[0] * start.width();
            ys[0] += u[1] * start.width();
        }
        if (!end.virtual() && end.width() > 0) {
            double[] u = unit(xs[n - 1] - xs[n - 2], ys[n - 1] - ys[n - 2]);
            xs[n - 1] -= u[0] * end.width();
            ys[n - 1] -= u[1] * end.width();
        }
        // a declared length (KDD Cup) wins over the geometry, less what the intersections take
        double declared = road.declaredLength().orElse(0);
        double trimmed = (!start.virtual() ? start.width() : 0) + (!end.virtual() ? end.width() : 0);
        double inside = 0;
        for (int li = 0; li < road.lanes().size(); li++) {
            int lane = roadFirstLane[r] + li;
            double w = road.lanes().get(li).width();
            double offset = inside + w / 2;
            double[] p = new double[2 * n];
            for (int j = 0; j < n; j++) {
                double[] u;
                if (j == 0) {
                    u = unit(xs[1] - xs[0], ys[1] - ys[0]);
                } else if (j == n - 1) {
                    u = unit(xs[j] - xs[j - 1], ys[j] - ys[j - 1]);
                } else {
                    double[] u1 = unit(xs[j + 1] - xs[j], ys[j + 1] - ys[j]);
                    double[] u2 = unit(xs[j] - xs[j - 1], ys[j] - ys[j - 1]);
                    u = unit(u1[0] + u2[0], u1[1] + u2[1]);
                }
                // right-hand normal of the direction of travel
                p[2 * j] = xs[j] + u[1] * offset;
                p[2 * j + 1] = ys[j] - u[0] * offset;
            }
            points[lane] = p;
            length[lane] = declared > 0 ? Math.max(1.0, declared - trimmed) : polylineLength(p);
            maxSpeed[lane] = road.lanes().get(li).maxSpeed();
            width[lane] = w;
            laneRoad[lane] = r;
            laneIndex[lane] = li;
            inside += w;
        }
    }

    /**
     * Lanes grouped by the intersection their road ends (or starts) at, road by road in network
     * order, lane 0 first: {@code {offsets (intersections + 1), lanes}} in CSR form. This order is
     * the one {@link org.citybrain.sim.signal.SignalSite} promises controllers.
     */
    private int[][] lanesByIntersection(int[] roadInter) {
        int[] off = new int[intersections + 1];
        for (int r = 0; r < roads; r++) {
            off[roadInter[r] + 1] += roadLaneCount[r];
        }
        for (int i = 0; i < intersections; i++) {
            off[i + 1] += off[i];
        }
        int[] list = new int[lanes];
        int[] fill = new int[intersections];
        for (int r = 0; r < roads; r++) {
            int i = roadInter[r];
            for (int l = 0; l < roadLaneCount[r]; l++) {
                list[off[i] + fill[i]++] = roadFirstLane[r] + l;
            }
        }
        return new int[][] {off, list};
    }

    /** A cubic Bézier from the end of lane {@code from} to the start of lane {@code to}, 11 points. */
    private double[] bezier(int from, int to) {
        double[] a = points[from];
        double[] b = points[to];
        int na = a.length;
        double sx = a[na - 2];
        double sy = a[na - 1];
        double ex = b[0];
        double ey = b[1];
        double[] sd = unit(a[na - 2] - a[na - 4], a[na - 1] - a[na - 3]);
        double[] ed = unit(b[2] - b[0], b[3] - b[1]);
        double half = Math.hypot(ex - sx, ey - sy) / 2;
        double c1x = sx + sd[0] * half;
        double c1y = sy + sd[1] * half;
        double c2x = ex - ed[0] * half;
        double c2y = ey - ed[1] * half;
        int segments = 10;
        double[] p = new double[2 * (segments + 1)];
        for (int i = 0; i <= segments; i++) {
            double t = i / (double) segments;
            double s = 1 - t;
            p[2 * i] = s * s * s * sx + 3 * s * s * t * c1x + 3 * s * t * t * c2x + t * t * t * ex;
            p[2 * i + 1] = s * s * s * sy + 3 * s * s * t * c1y + 3 * s * t * t * c2y + t * t * t * ey;
        }
        return p;
    }

    private static final double EPS = 1e-8;

    /**
     * Where two polylines first meet, scanning {@code a}'s segments in order and, for each, {@code b}'s:
     * {@code {distance along a, distance along b}}, or null. Parallel segments never meet.
     */
    static double[] firstCrossing(double[] a, double[] b) {
        double disA = 0;
        for (int ia = 0; ia + 3 < a.length; ia += 2) {
            double a1x = a[ia];
            double a1y = a[ia + 1];
            double a2x = a[ia + 2];
            double a2y = a[ia + 3];
            double ux = a2x - a1x;
            double uy = a2y - a1y;
            double disB = 0;
            for (int ib = 0; ib + 3 < b.length; ib += 2) {
                double b1x = b[ib];
                double b1y = b[ib + 1];
                double b2x = b[ib + 2];
                double b2y = b[ib + 3];
                double vx = b2x - b1x;
                double vy = b2y - b1y;
                double denom = ux * vy - uy * vx;
                if (sign(denom) != 0) {
                    double t = ((b1x - a1x) * vy - (b1y - a1y) * vx) / denom;
                    double px = a1x + ux * t;
                    double py = a1y + uy * t;
                    if (onSegment(a1x, a1y, a2x, a2y, px, py) && onSegment(b1x, b1y, b2x, b2y, px, py)) {
                        return new double[] {disA + Math.hypot(px - a1x, py - a1y), disB + Math.hypot(px - b1x, py - b1y)};
                    }
                }
                disB += Math.hypot(vx, vy);
            }
            disA += Math.hypot(ux, uy);
        }
        return null;
    }

    private static boolean onSegment(double ax, double ay, double bx, double by, double px, double py) {
        double cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
        double dot = (px - ax) * (px - bx) + (py - ay) * (py - by);
        return sign(cross) == 0 && sign(dot) <= 0;
    }

    private static int sign(double x) {
        return (x + EPS > 0 ? 1 : 0) - (x < EPS ? 1 : 0);
    }

    private static double[] unit(double x, double y) {
        double l = Math.hypot(x, y);
        return l == 0 ? new double[] {1, 0} : new double[] {x / l, y / l};
    }

    private static double[] flatten(List<Point> pts) {
        double[] p = new double[2 * pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            p[2 * i] = pts.get(i).x();
            p[2 * i + 1] = pts.get(i).y();
        }
        return p;
    }

    static double polylineLength(double[] p) {
        double sum = 0;
        for (int i = 0; i + 3 < p.length; i += 2) {
            sum += Math.hypot(p[i + 2] - p[i], p[i + 3] - p[i + 1]);
        }
        return sum;
    }

    boolean isLink(int d) {
        return d >= lanes;
    }

    /** True when lane {@code lane} has a lane link onto road {@code road}. */
    boolean laneReaches(int lane, int road) {
        for (int x = laneLinkOff[lane]; x < laneLinkOff[lane + 1]; x++) {
            if (laneRoad[linkEndLane[laneLinkList[x] - lanes]] == road) {
                return true;
            }
        }
        return false;
    }

    /** Road index per road id, for routes. */
    Map<String, Integer> roadIds() {
        Map<String, Integer> m = new HashMap<>();
        for (int r = 0; r < roads; r++) {
            m.put(source.roads().get(r).id(), r);
        }
        return m;
    }

    /** The local road links of intersection {@code i} that phase {@code p} lets go. */
    boolean[] phaseGreen(int i, Phase p) {
        boolean[] green = new boolean[interRoadLinkOff[i + 1] - interRoadLinkOff[i]];
        for (int idx : p.roadLinks()) {
            green[idx] = true;
        }
        return green;
    }
}
