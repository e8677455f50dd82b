package org.citybrain.control.congestion;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The congestion of the city as of the latest observation of each road.
 *
 * @param time      end of the newest observation, seconds on the observations' clock; NaN before any
 * @param roads     by road id, every road whose latest observation had a speed and whose free-flow
 *                  speed is known, in the order roads were first seen
 * @param districts by name, in the order they were given
 * @param city      all observed roads, name {@code "city"}
 * @param unrated   roads with traffic but no known free-flow speed, left out of every index
 */
public record CongestionSnapshot(double time, Map<String, RoadIndex> roads, Map<String, AreaIndex> districts,
                                 AreaIndex city, Set<String> unrated) {

    public Optional<RoadIndex> road(String id) {
        return Optional.ofNullable(roads.get(id));
    }

    public Optional<AreaIndex> district(String name) {
        return Optional.ofNullable(districts.get(name));
    }
}
