package org.citybrain.twin;

import java.util.List;

/**
 * A directed road from one intersection to another with one or more lanes.
 *
 * @param points centre-line geometry from the start to the end intersection, at least two points
 */
public record Road(String id, String startIntersection, String endIntersection, List<Point> points, List<Lane> lanes) {
    public Road {
        Ids.require(id, "road id");
        Ids.require(startIntersection, "road startIntersection");
        Ids.require(endIntersection, "road endIntersection");
        points = List.copyOf(points);
        lanes = List.copyOf(lanes);
        if (points.size() < 2) {
            throw new IllegalArgumentException("road needs at least two points, got " + points.size());
        }
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("road needs at least one lane");
        }
    }

    /** Length of the centre line in metres. */
    public double length() {
        return Polyline.length(points);
    }
}
