package org.citybrain.twin;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A directed road from one intersection to another with one or more lanes.
 *
 * @param points         centre-line geometry from the start to the end intersection, at least two points
 * @param declaredLength the road's length as its source states it, in metres, when that differs
 *                       from the geometry (KDD Cup files give lengths that a straight line between
 *                       the intersections does not match); empty to take the geometry's length
 */
public record Road(String id, String startIntersection, String endIntersection, List<Point> points, List<Lane> lanes,
                   OptionalDouble declaredLength) {
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
        declaredLength = declaredLength == null ? OptionalDouble.empty() : declaredLength;
        if (declaredLength.isPresent() && !(declaredLength.getAsDouble() > 0 && Double.isFinite(declaredLength.getAsDouble()))) {
            throw new IllegalArgumentException("road length must be a positive number of metres, got "
                    + declaredLength.getAsDouble());
        }
    }

    /** A road whose length is its geometry's. */
    public Road(String id, String startIntersection, String endIntersection, List<Point> points, List<Lane> lanes) {
        this(id, startIntersection, endIntersection, points, lanes, OptionalDouble.empty());
    }

    /** Length in metres: the declared length if there is one, else the centre line's. */
    public double length() {
        return declaredLength.isPresent() ? declaredLength.getAsDouble() : Polyline.length(points);
    }
}
