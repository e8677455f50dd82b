package org.citybrain.twin.format.kdd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a KDD Cup roadnet file, checked line by line but not yet turned into the twin:
 * intersections, directed roads and signal rows, each with the line it came from.
 *
 * <p>Layout, one record per line, whitespace-separated:
 * <pre>
 * N                                   intersection count
 * lat lon inter_id signalized         N times (signalized is 0 or 1)
 * M                                   road segment count
 * from to length speed lanes1 lanes2 id1 id2    M times, each followed by
 * l s r  l s r ...                    permissions of id1's lanes, 3 flags per lane, inner lane first
 * l s r  l s r ...                    permissions of id2's lanes
 * S                                   signal row count
 * inter_id exit1 exit2 exit3 exit4    S times; roads leaving the intersection clockwise, -1 if absent
 * </pre>
 * Direction 1 ({@code id1}) runs {@code from → to}, direction 2 ({@code id2}) {@code to → from}.
 * A direction with 0 lanes does not exist (a one-way segment); its permission line is empty.
 */
final class RoadnetText {
    /** Permission bits of a lane, in the file's flag order. */
    static final int LEFT = 1;
    static final int STRAIGHT = 2;
    static final int RIGHT = 4;

    record Inter(String id, double lat, double lon, boolean signalised, int line) {
    }

    /**
     * One direction of a road segment.
     *
     * @param permissions per lane (index 0 = inner, left-turn side), a set of {@link #LEFT},
     *                    {@link #STRAIGHT}, {@link #RIGHT} bits
     * @param reverse     index of the other direction of the same segment, or -1
     */
    record DirRoad(String id, int from, int to, double length, double speed, byte[] permissions, int line,
                   int reverse) {
        int lanes() {
            return permissions.length;
        }
    }

    /** @param exits road indices leaving the intersection, clockwise from approach 1; -1 if absent */
    record SignalRow(int intersection, int[] exits, int line) {
    }

    final List<Inter> intersections = new ArrayList<>();
    final Map<String, Integer> intersectionIndex = new HashMap<>();
    final List<DirRoad> roads = new ArrayList<>();
    final Map<String, Integer> roadIndex = new HashMap<>();
    /** By intersection index; null where the intersection has no signal row. */
    SignalRow[] signals;

    private RoadnetText() {
    }

    static RoadnetText parse(TextCursor c) {
        RoadnetText r = new RoadnetText();
        r.readIntersections(c);
        r.readRoads(c);
        r.readSignals(c);
        if (c.next()) {
            throw c.error("unexpected content after the signal section");
        }
        return r;
    }

    private void readIntersections(TextCursor c) {
        if (!c.next()) {
            throw c.errorAt(1, "file is empty: expected the number of intersections");
        }
        c.expectTokens(1, "number of intersections");
        int n = c.count(0, "number of intersections");
        int countLine = c.line();
        for (int k = 0; k < n; k++) {
            if (!c.next()) {
                throw c.errorAt(countLine, "announces " + n + " intersections, but the file ends after " + k);
            }
            c.expectTokens(4, "latitude longitude inter_id signalized", "intersection", k, n, countLine);
            double lat = c.number(0, "latitude");
            double lon = c.number(1, "longitude");
            if (lat < -90 || lat > 90) {
                throw c.error("latitude " + c.token(0) + " is outside -90..90 degrees");
            }
            if (lon < -180 || lon > 180) {
                throw c.error("longitude " + c.token(1) + " is outside -180..180 degrees");
            }
            String id = c.id(2, "inter_id");
            boolean signalised;
            if (c.tokenIs(3, "1")) {
                signalised = true;
            } else if (c.tokenIs(3, "0")) {
                signalised = false;
            } else {
                throw c.error("signalized must be 0 or 1, found '" + c.token(3) + "'");
            }
            Integer first = intersectionIndex.putIfAbsent(id, intersections.size());
            if (first != null) {
                throw c.error("duplicate intersection id '" + id + "' (first on line "
                        + intersections.get(first).line() + ")");
            }
            intersections.add(new Inter(id, lat, lon, signalised, c.line()));
        }
    }

    private void readRoads(TextCursor c) {
        if (!c.next()) {
            throw c.errorAt(c.line(), "file ends before the road section: expected the number of road segments");
        }
        c.expectTokens(1, "number of road segments");
        int m = c.count(0, "number of road segments");
        int countLine = c.line();
        for (int k = 0; k < m; k++) {
            if (!c.next()) {
                throw c.errorAt(countLine, "announces " + m + " road segments, but the file ends after " + k);
            }
            c.expectTokens(8, "from_inter_id to_inter_id length speed_limit dir1_num_lane dir2_num_lane dir1_id dir2_id",
                    "road segment", k, m, countLine);
            int line = c.line();
            int from = intersection(c, 0, "from_inter_id");
            int to = intersection(c, 1, "to_inter_id");
            if (from == to) {
                throw c.error("road segment starts and ends at intersection '" + c.token(0) + "'");
            }
            double length = c.number(2, "length");
            if (!(length > 0)) {
                throw c.error("length must be > 0 metres, found " + c.token(2));
            }
            double speed = c.number(3, "speed_limit");
            int lanes1 = c.count(4, "dir1_num_lane");
            int lanes2 = c.count(5, "dir2_num_lane");
            if (lanes1 == 0 && lanes2 == 0) {
                throw c.error("road segment has no lanes in either direction");
            }
            String id1 = c.id(6, "dir1_id");
            String id2 = c.id(7, "dir2_id");
            byte[] perm1 = permissions(c, lanes1, id1, countLine, m);
            byte[] perm2 = permissions(c, lanes2, id2, countLine, m);
            int i1 = lanes1 > 0 ? roads.size() : -1;
            int i2 = lanes2 > 0 ? roads.size() + (lanes1 > 0 ? 1 : 0) : -1;
            if (i1 >= 0) {
                addRoad(c, new DirRoad(id1, from, to, length, speed, perm1, line, i2));
            }
            if (i2 >= 0) {
                addRoad(c, new DirRoad(id2, to, from, length, speed, perm2, line, i1));
            }
        }
    }

    private int intersection(TextCursor c, int token, String what) {
        Integer i = intersectionIndex.get(c.id(token, what));
        if (i == null) {
            throw c.error(what + " names unknown intersection '" + c.token(token) + "'");
        }
        return i;
    }

    private static byte[] permissions(TextCursor c, int lanes, String roadId, int countLine, int total) {
        boolean present = lanes == 0 ? c.nextLine() : c.next();
        if (!present) {
            throw c.errorAt(countLine, "announces " + total + " road segments, but the file ends inside the one of road '"
                    + roadId + "'");
        }
        if (c.tokenCount() != 3 * lanes) {
            throw c.error("expected " + 3 * lanes + " permission flags (left straight right for each of the " + lanes
                    + " lanes of road '" + roadId + "'), found " + c.tokenCount());
        }
        byte[] perm = new byte[lanes];
        for (int t = 0; t < 3 * lanes; t++) {
            if (c.tokenIs(t, "1")) {
                perm[t / 3] |= (byte) (1 << (t % 3));
            } else if (!c.tokenIs(t, "0")) {
                throw c.error("permission flag must be 0 or 1, found '" + c.token(t) + "'");
            }
        }
        return perm;
    }

    private void addRoad(TextCursor c, DirRoad road) {
        Integer first = roadIndex.putIfAbsent(road.id(), roads.size());
        if (first != null) {
            throw c.errorAt(road.line(), "duplicate road id '" + road.id() + "' (first on line "
                    + roads.get(first).line() + ")");
        }
        roads.add(road);
    }

    private void readSignals(TextCursor c) {
        signals = new SignalRow[intersections.size()];
        if (!c.next()) {
            throw c.errorAt(c.line(), "file ends before the signal section: expected the number of signalised intersections");
        }
        c.expectTokens(1, "number of signalised intersections");
        int s = c.count(0, "number of signalised intersections");
        int countLine = c.line();
        for (int k = 0; k < s; k++) {
            if (!c.next()) {
                throw c.errorAt(countLine, "announces " + s + " signalised intersections, but the file ends after " + k);
            }
            c.expectTokens(5, "inter_id approach1_id approach2_id approach3_id approach4_id", "signal row", k, s,
                    countLine);
            int at = intersection(c, 0, "inter_id");
            Inter inter = intersections.get(at);
            if (!inter.signalised()) {
                throw c.error("intersection '" + inter.id() + "' has a signal row but line " + inter.line()
                        + " marks it unsignalised");
            }
            if (signals[at] != null) {
                throw c.error("intersection '" + inter.id() + "' already has a signal row on line " + signals[at].line());
            }
            int[] exits = new int[4];
            for (int a = 0; a < 4; a++) {
                String id = c.id(a + 1, "approach" + (a + 1) + "_id");
                if (id.equals("-1")) {
                    exits[a] = -1;
                    continue;
                }
                Integer road = roadIndex.get(id);
                if (road == null) {
                    throw c.error("approach" + (a + 1) + "_id names unknown road '" + id + "'");
                }
                if (roads.get(road).from() != at) {
                    throw c.error("road '" + id + "' does not leave intersection '" + inter.id()
                            + "'; a signal row lists the roads that leave it");
                }
                for (int b = 0; b < a; b++) {
                    if (exits[b] == road) {
                        throw c.error("road '" + id + "' appears twice in the signal row");
                    }
                }
                exits[a] = road;
            }
            signals[at] = new SignalRow(at, exits, c.line());
        }
        for (int i = 0; i < intersections.size(); i++) {
            Inter inter = intersections.get(i);
            if (inter.signalised() && signals[i] == null) {
                throw c.errorAt(inter.line(), "intersection '" + inter.id()
                        + "' is signalised but has no row in the signal section (announced on line " + countLine + ")");
            }
        }
    }
}
