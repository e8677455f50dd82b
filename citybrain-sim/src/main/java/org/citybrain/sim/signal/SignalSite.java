package org.citybrain.sim.signal;

import org.citybrain.twin.Intersection;
import org.citybrain.twin.RoadNetwork;

/** The static facts a controller of one intersection may know: the network and its intersection. */
public record SignalSite(RoadNetwork network, Intersection intersection) {
}
