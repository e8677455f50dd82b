package org.citybrain.twin;

import java.util.List;

/**
 * A path through an intersection from one lane of the road link's start road to one lane of its
 * end road.
 *
 * @param points geometry from the end of the start lane to the start of the end lane; may be empty,
 *               in which case the simulation uses the straight segment between the two lane ends
 */
public record LaneLink(int startLane, int endLane, List<Point> points) {
    public LaneLink {
        if (startLane < 0 || endLane < 0) {
            throw new IllegalArgumentException("lane indices must be >= 0, got " + startLane + " -> " + endLane);
        }
        points = List.copyOf(points);
    }
}
