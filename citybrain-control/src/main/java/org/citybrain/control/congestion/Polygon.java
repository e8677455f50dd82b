package org.citybrain.control.congestion;

import java.util.List;

import org.citybrain.twin.Point;

/**
 * A simple polygon in the network's plane (metres, as {@link Point}), closed implicitly from the
 * last vertex back to the first.
 *
 * @param vertices at least three, in either winding order
 */
public record Polygon(List<Point> vertices) {
    public Polygon {
        vertices = List.copyOf(vertices);
        if (vertices.size() < 3) {
            throw new IllegalArgumentException("a polygon needs at least three vertices, got " + vertices.size());
        }
    }

    /**
     * Whether the point lies inside, by the even-odd rule (a ray to the right crosses the
     * boundary an odd number of times). Points exactly on the boundary may fall either way, but
     * always the same way, so two polygons sharing an edge never both claim a point on it.
     */
    public boolean contains(Point p) {
        boolean inside = false;
        int n = vertices.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            Point a = vertices.get(i);
            Point b = vertices.get(j);
            // half-open in y, so a vertex on the ray counts once
            if ((a.y() > p.y()) != (b.y() > p.y())) {
                double xCross = a.x() + (p.y() - a.y()) * (b.x() - a.x()) / (b.y() - a.y());
                if (p.x() < xCross) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }
}
