package org.citybrain.twin;

import java.util.List;

/** Operations on point lists used as lane, road and lane-link geometry. */
public final class Polyline {
    private Polyline() {
    }

    /** Length of the polyline through {@code points}, in metres; 0 for fewer than two points. */
    public static double length(List<Point> points) {
        double sum = 0;
        for (int i = 1; i < points.size(); i++) {
            sum += points.get(i - 1).distanceTo(points.get(i));
        }
        return sum;
    }
}
