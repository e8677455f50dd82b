package org.citybrain.twin;

import java.util.List;
import java.util.Optional;

/**
 * A node of the road graph.
 *
 * @param width     metres that roads are trimmed by at this end, so lanes stop at the stop line
 * @param virtual   a network boundary where vehicles appear and leave; it has no road links
 * @param roadLinks movements through this intersection
 * @param signal    the signal plan; empty for an unsignalised intersection, where every road link
 *                  may always go (conflicts are still resolved by priority)
 */
public record Intersection(String id, Point point, double width, boolean virtual, List<RoadLink> roadLinks,
                           Optional<SignalPlan> signal) {
    public Intersection {
        Ids.require(id, "intersection id");
        if (point == null) {
            throw new IllegalArgumentException("intersection " + id + " needs a point");
        }
        if (!(width >= 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("intersection width must be >= 0 metres, got " + width);
        }
        roadLinks = List.copyOf(roadLinks);
        signal = signal == null ? Optional.empty() : signal;
        if (virtual && (!roadLinks.isEmpty() || signal.isPresent())) {
            throw new IllegalArgumentException("virtual intersection " + id
                    + " is a network boundary and cannot have road links or a signal");
        }
    }
}
