package org.citybrain.hub.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A checked GeoJSON geometry flattened into what the relations need: lone points, polylines and
 * polygons (a GeometryCollection contributes all of its members). Positions are
 * {@code {longitude, latitude}} in degrees; altitude is dropped.
 *
 * <p>Topology (within, contains, intersects, equals) is computed in the plane of longitude and
 * latitude, as GeoJSON brokers commonly do; distances are on the sphere ({@link #distanceTo}).
 */
final class Shape {
    /** Mean Earth radius (IUGG), metres. */
    static final double EARTH_RADIUS = 6_371_008.8;
    /** Tolerance, in degrees (about 1 mm), for a point lying on a segment. */
    private static final double EPSILON = 1e-8;

    final String type;
    final List<double[]> points = new ArrayList<>();
    final List<double[][]> lines = new ArrayList<>();
    /** Each polygon: its outer ring, then its holes; rings are closed (first position repeated). */
    final List<double[][][]> polygons = new ArrayList<>();

    private Shape(String type) {
        this.type = type;
    }

    /** Reads a geometry that {@code GeoJson.check} accepted. */
    static Shape of(JsonNode geometry) {
        Shape shape = new Shape(geometry.get("type").asText());
        shape.add(geometry);
        return shape;
    }

    private void add(JsonNode geometry) {
        JsonNode c = geometry.get("coordinates");
        switch (geometry.get("type").asText()) {
            case "Point" -> points.add(position(c));
            case "MultiPoint" -> c.forEach(p -> points.add(position(p)));
            case "LineString" -> lines.add(positions(c));
            case "MultiLineString" -> c.forEach(l -> lines.add(positions(l)));
            case "Polygon" -> polygons.add(rings(c));
            case "MultiPolygon" -> c.forEach(p -> polygons.add(rings(p)));
            case "GeometryCollection" -> geometry.get("geometries").forEach(this::add);
            default -> throw new IllegalArgumentException("not a geometry: " + geometry);
        }
    }

    private static double[] position(JsonNode p) {
        return new double[] {p.get(0).asDouble(), p.get(1).asDouble()};
    }

    private static double[][] positions(JsonNode array) {
        double[][] result = new double[array.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = position(array.get(i));
        }
        return result;
    }

    private static double[][][] rings(JsonNode polygon) {
        double[][][] result = new double[polygon.size()][][];
        for (int i = 0; i < result.length; i++) {
            result[i] = positions(polygon.get(i));
        }
        return result;
    }

    /** Every vertex: lone points, line vertices, ring vertices. */
    List<double[]> vertices() {
        List<double[]> all = new ArrayList<>(points);
        lines.forEach(l -> all.addAll(Arrays.asList(l)));
        polygons.forEach(p -> Arrays.stream(p).forEach(r -> all.addAll(Arrays.asList(r))));
        return all;
    }

    /** Every segment of lines and rings, as {@code {a, b}}. */
    List<double[][]> segments() {
        List<double[][]> all = new ArrayList<>();
        for (double[][] line : lines) {
            addSegments(line, all);
        }
        for (double[][][] polygon : polygons) {
            for (double[][] ring : polygon) {
                addSegments(ring, all);
            }
        }
        return all;
    }

    private static void addSegments(double[][] path, List<double[][]> into) {
        for (int i = 0; i + 1 < path.length; i++) {
            into.add(new double[][] {path[i], path[i + 1]});
        }
    }

    /** Whether {@code p} lies in or on this shape. */
    boolean covers(double[] p) {
        for (double[] q : points) {
            if (Math.abs(q[0] - p[0]) <= EPSILON && Math.abs(q[1] - p[1]) <= EPSILON) {
                return true;
            }
        }
        for (double[][] line : lines) {
            for (int i = 0; i + 1 < line.length; i++) {
                if (onSegment(p, line[i], line[i + 1])) {
                    return true;
                }
            }
        }
        for (double[][][] polygon : polygons) {
            if (inPolygon(p, polygon)) {
                return true;
            }
        }
        return false;
    }

    /** In or on the outer ring and not strictly inside a hole (a hole's edge is the polygon's edge). */
    static boolean inPolygon(double[] p, double[][][] polygon) {
        if (!inRing(p, polygon[0])) {
            return false;
        }
        for (int h = 1; h < polygon.length; h++) {
            if (inRing(p, polygon[h]) && !onRing(p, polygon[h])) {
                return false;
            }
        }
        return true;
    }

    /** Even-odd ray casting, with points on the ring counted as inside. */
    static boolean inRing(double[] p, double[][] ring) {
        if (onRing(p, ring)) {
            return true;
        }
        boolean inside = false;
        for (int i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            double[] a = ring[i];
            double[] b = ring[j];
            if ((a[1] > p[1]) != (b[1] > p[1])
                    && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) {
                inside = !inside;
            }
        }
        return inside;
    }

    static boolean onRing(double[] p, double[][] ring) {
        for (int i = 0; i + 1 < ring.length; i++) {
            if (onSegment(p, ring[i], ring[i + 1])) {
                return true;
            }
        }
        return false;
    }

    static boolean onSegment(double[] p, double[] a, double[] b) {
        double cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
        double length = Math.hypot(b[0] - a[0], b[1] - a[1]);
        if (Math.abs(cross) > EPSILON * Math.max(length, 1)) {
            return false;
        }
        return p[0] >= Math.min(a[0], b[0]) - EPSILON && p[0] <= Math.max(a[0], b[0]) + EPSILON
                && p[1] >= Math.min(a[1], b[1]) - EPSILON && p[1] <= Math.max(a[1], b[1]) + EPSILON;
    }

    private static double orientation(double[] a, double[] b, double[] c) {
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    }

    /** Whether segments ab and cd share a point (touching and overlapping included). */
    static boolean segmentsIntersect(double[] a, double[] b, double[] c, double[] d) {
        double d1 = orientation(c, d, a);
        double d2 = orientation(c, d, b);
        double d3 = orientation(a, b, c);
        double d4 = orientation(a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
            return true;
        }
        return onSegment(a, c, d) || onSegment(b, c, d) || onSegment(c, a, b) || onSegment(d, a, b);
    }

    /** Whether ab and cd cross at one point inside both (not at an end of either). */
    static boolean segmentsCross(double[] a, double[] b, double[] c, double[] d) {
        double d1 = orientation(c, d, a);
        double d2 = orientation(c, d, b);
        double d3 = orientation(a, b, c);
        double d4 = orientation(a, b, d);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
                && !onSegment(a, c, d) && !onSegment(b, c, d) && !onSegment(c, a, b) && !onSegment(d, a, b);
    }

    /** Whether the two shapes share a point: a vertex of one in the other, or crossing edges. */
    boolean intersects(Shape other) {
        for (double[] v : vertices()) {
            if (other.covers(v)) {
                return true;
            }
        }
        for (double[] v : other.vertices()) {
            if (covers(v)) {
                return true;
            }
        }
        return anySegmentPair(other, Shape::segmentsIntersect);
    }

    /** Two segments, ab and cd. */
    private interface SegmentPair {
        boolean test(double[] a, double[] b, double[] c, double[] d);
    }

    /** Whether a segment of this shape and one of {@code other} pass {@code test}. */
    private boolean anySegmentPair(Shape other, SegmentPair test) {
        List<double[][]> theirs = other.segments();
        for (double[][] s : segments()) {
            for (double[][] t : theirs) {
                if (test.test(s[0], s[1], t[0], t[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether every point of {@code other} is in or on this shape. Tested on vertices, edge
     * midpoints and edge crossings, which is exact for polygons against points and for most
     * shapes met in practice; an edge of {@code other} that leaves and re-enters a polygon between
     * two of those points without crossing an edge cannot happen, but one that runs along
     * several collinear edges of a line may be misjudged.
     */
    boolean contains(Shape other) {
        if (!other.polygons.isEmpty() && polygons.isEmpty()) {
            return false;
        }
        for (double[] v : other.vertices()) {
            if (!covers(v)) {
                return false;
            }
        }
        List<double[][]> mine = segments();
        for (double[][] s : other.segments()) {
            if (!covers(new double[] {(s[0][0] + s[1][0]) / 2, (s[0][1] + s[1][1]) / 2})) {
                return false;
            }
            for (double[][] t : mine) {
                if (!polygons.isEmpty() && segmentsCross(s[0], s[1], t[0], t[1])) {
                    return false;
                }
            }
        }
        // A polygon of other around one of our holes: the hole's points are not ours.
        for (double[][][] polygon : polygons) {
            for (int h = 1; h < polygon.length; h++) {
                for (double[][][] theirs : other.polygons) {
                    for (double[] v : polygon[h]) {
                        if (inPolygon(v, theirs) && !onRing(v, theirs[0])) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** 2 with an area, 1 with a line (and no area), 0 with points only. */
    int dimension() {
        return !polygons.isEmpty() ? 2 : !lines.isEmpty() ? 1 : 0;
    }

    /**
     * Whether the shapes overlap as in the simple features model: both of one dimension, sharing a
     * part of that dimension, and neither containing the other. Points: some shared, not all.
     * Lines: two segments run along each other for a stretch. Areas: an edge crosses one of the
     * other's, or a vertex or edge midpoint of one lies strictly inside the other (tested the way
     * {@link #contains} is, so shapes touching only at their boundaries do not overlap).
     */
    boolean overlaps(Shape other) {
        if (dimension() != other.dimension() || contains(other) || other.contains(this)) {
            return false;
        }
        return switch (dimension()) {
            case 0 -> intersects(other);
            case 1 -> anySegmentPair(other, Shape::collinearOverlap);
            default -> interiorsMeet(other);
        };
    }

    /** Whether cd lies on the line of ab and shares with ab a stretch longer than the tolerance. */
    static boolean collinearOverlap(double[] a, double[] b, double[] c, double[] d) {
        double length = Math.hypot(b[0] - a[0], b[1] - a[1]);
        double tolerance = EPSILON * Math.max(length, 1);
        if (length == 0 || Math.abs(orientation(a, b, c)) > tolerance || Math.abs(orientation(a, b, d)) > tolerance) {
            return false;
        }
        // positions of c and d along ab, in units of ab's length
        double u = ((c[0] - a[0]) * (b[0] - a[0]) + (c[1] - a[1]) * (b[1] - a[1])) / (length * length);
        double v = ((d[0] - a[0]) * (b[0] - a[0]) + (d[1] - a[1]) * (b[1] - a[1])) / (length * length);
        double from = Math.max(0, Math.min(u, v));
        double to = Math.min(1, Math.max(u, v));
        return (to - from) * length > EPSILON;
    }

    private boolean interiorsMeet(Shape other) {
        return anySegmentPair(other, Shape::segmentsCross) || other.hasInside(probes()) || hasInside(other.probes());
    }

    /** The vertices and edge midpoints of this shape. */
    private List<double[]> probes() {
        List<double[]> probes = vertices();
        for (double[][] s : segments()) {
            probes.add(new double[] {(s[0][0] + s[1][0]) / 2, (s[0][1] + s[1][1]) / 2});
        }
        return probes;
    }

    /** Whether one of {@code probes} lies strictly inside an area of this shape (not on a ring). */
    private boolean hasInside(List<double[]> probes) {
        for (double[] p : probes) {
            for (double[][][] polygon : polygons) {
                if (inPolygon(p, polygon) && Arrays.stream(polygon).noneMatch(ring -> onRing(p, ring))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Same geometry type and the same positions in the same order. */
    boolean sameAs(Shape other) {
        return type.equals(other.type) && deepEquals(points, other.points) && deepEquals(lines, other.lines)
                && deepEquals(polygons, other.polygons);
    }

    private static boolean deepEquals(List<?> a, List<?> b) {
        return Arrays.deepEquals(a.toArray(), b.toArray());
    }

    /** Great-circle distance in metres between two positions (haversine on the mean sphere). */
    static double haversine(double[] a, double[] b) {
        double lat1 = Math.toRadians(a[1]);
        double lat2 = Math.toRadians(b[1]);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b[0] - a[0]);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * Distance in metres from {@code p} to the nearest point of this shape: 0 inside a polygon,
     * haversine to vertices, and to the inside of edges in a local equirectangular projection
     * around {@code p} (good to well under 1 % for edges up to a few hundred kilometres).
     */
    double distanceTo(double[] p) {
        for (double[][][] polygon : polygons) {
            if (inPolygon(p, polygon)) {
                return 0;
            }
        }
        double best = Double.POSITIVE_INFINITY;
        for (double[] v : vertices()) {
            best = Math.min(best, haversine(p, v));
        }
        double cosLat = Math.cos(Math.toRadians(p[1]));
        for (double[][] s : segments()) {
            best = Math.min(best, projectedDistance(p, s[0], s[1], cosLat));
        }
        return best;
    }

    private static double projectedDistance(double[] p, double[] a, double[] b, double cosLat) {
        double metresPerDegree = Math.toRadians(EARTH_RADIUS);
        double ax = wrap(a[0] - p[0]) * cosLat * metresPerDegree;
        double ay = (a[1] - p[1]) * metresPerDegree;
        double bx = wrap(b[0] - p[0]) * cosLat * metresPerDegree;
        double by = (b[1] - p[1]) * metresPerDegree;
        double dx = bx - ax;
        double dy = by - ay;
        double lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
        return Math.hypot(ax + t * dx, ay + t * dy);
    }

    /** A longitude difference brought into [-180, 180], so that edges across the antimeridian work. */
    private static double wrap(double degrees) {
        return degrees > 180 ? degrees - 360 : degrees < -180 ? degrees + 360 : degrees;
    }
}
