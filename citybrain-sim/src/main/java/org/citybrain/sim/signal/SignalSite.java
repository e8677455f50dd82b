package org.citybrain.sim.signal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.twin.Intersection;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;

/**
 * The static facts a controller of one intersection may know: the network, the intersection, and
 * the lanes its sensors observe, in the order {@link IntersectionObservation} indexes them:
 * incoming lanes (of the roads ending here, in network order, lane 0 first) and outgoing lanes (of
 * the roads starting here, likewise).
 */
public final class SignalSite {
    /** One lane of one road. */
    public record LaneRef(String road, int lane) {
    }

    private final RoadNetwork network;
    private final Intersection intersection;
    private final List<LaneRef> incoming;
    private final List<LaneRef> outgoing;

    public SignalSite(RoadNetwork network, Intersection intersection) {
        this.network = network;
        this.intersection = intersection;
        List<LaneRef> in = new ArrayList<>();
        List<LaneRef> out = new ArrayList<>();
        for (Road r : network.roads()) {
            if (r.endIntersection().equals(intersection.id())) {
                for (int l = 0; l < r.lanes().size(); l++) {
                    in.add(new LaneRef(r.id(), l));
                }
            }
            if (r.startIntersection().equals(intersection.id())) {
                for (int l = 0; l < r.lanes().size(); l++) {
                    out.add(new LaneRef(r.id(), l));
                }
            }
        }
        this.incoming = List.copyOf(in);
        this.outgoing = List.copyOf(out);
    }

    public RoadNetwork network() {
        return network;
    }

    public Intersection intersection() {
        return intersection;
    }

    /** Incoming lanes; position {@code i} is the {@code i} of the observation's incoming methods. */
    public List<LaneRef> incoming() {
        return incoming;
    }

    /** Outgoing lanes; position {@code o} is the {@code o} of the observation's outgoing methods. */
    public List<LaneRef> outgoing() {
        return outgoing;
    }

    /** Position of a lane in {@link #incoming()}, or -1. */
    public int incomingIndex(String road, int lane) {
        return incoming.indexOf(new LaneRef(road, lane));
    }
}
