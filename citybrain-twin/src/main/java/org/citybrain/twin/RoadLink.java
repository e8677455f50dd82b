package org.citybrain.twin;

import java.util.List;

/** A movement through an intersection from one road to another, made of lane links. */
public record RoadLink(Turn turn, String startRoad, String endRoad, List<LaneLink> laneLinks) {
    public RoadLink {
        if (turn == null) {
            throw new IllegalArgumentException("road link needs a turn");
        }
        Ids.require(startRoad, "road link startRoad");
        Ids.require(endRoad, "road link endRoad");
        laneLinks = List.copyOf(laneLinks);
        if (laneLinks.isEmpty()) {
            throw new IllegalArgumentException("road link " + startRoad + " -> " + endRoad + " has no lane links");
        }
    }
}
