package org.citybrain.twin;

/**
 * A point in the network's plane, in metres. Formats with geographic coordinates (KDD Cup) project
 * them onto a local plane on load; {@link GeoReference} keeps the way back to WGS84.
 */
public record Point(double x, double y) {
    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("point coordinates must be finite: (" + x + ", " + y + ")");
        }
    }

    public double distanceTo(Point other) {
        return Math.hypot(other.x - x, other.y - y);
    }
}
