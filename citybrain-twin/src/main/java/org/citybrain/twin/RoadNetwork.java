package org.citybrain.twin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The static road graph of a city: intersections and the directed roads between them. Immutable
 * and validated: every reference resolves, every lane link names existing lanes, every phase names
 * existing road links. Build one with {@link #builder(String)}.
 */
public final class RoadNetwork {
    private final List<Intersection> intersections;
    private final List<Road> roads;
    private final Map<String, Integer> intersectionIndex;
    private final Map<String, Integer> roadIndex;
    private final GeoReference geoReference;

    private RoadNetwork(List<Intersection> intersections, List<Road> roads, Map<String, Integer> intersectionIndex,
                        Map<String, Integer> roadIndex, GeoReference geoReference) {
        this.intersections = List.copyOf(intersections);
        this.roads = List.copyOf(roads);
        this.intersectionIndex = Map.copyOf(intersectionIndex);
        this.roadIndex = Map.copyOf(roadIndex);
        this.geoReference = geoReference;
    }

    public static Builder builder(String source) {
        return new Builder(source);
    }

    public List<Intersection> intersections() {
        return intersections;
    }

    public List<Road> roads() {
        return roads;
    }

    public Optional<Road> road(String id) {
        Integer i = roadIndex.get(id);
        return i == null ? Optional.empty() : Optional.of(roads.get(i));
    }

    public Optional<Intersection> intersection(String id) {
        Integer i = intersectionIndex.get(id);
        return i == null ? Optional.empty() : Optional.of(intersections.get(i));
    }

    /** Position of the road in {@link #roads()}, or -1. */
    public int roadIndex(String id) {
        return roadIndex.getOrDefault(id, -1);
    }

    /** Position of the intersection in {@link #intersections()}, or -1. */
    public int intersectionIndex(String id) {
        return intersectionIndex.getOrDefault(id, -1);
    }

    /** How to turn plane coordinates back into WGS84, when the source format had them. */
    public Optional<GeoReference> geoReference() {
        return Optional.ofNullable(geoReference);
    }

    /**
     * Whether a vehicle on road {@code from} can continue onto road {@code to}: they meet at an
     * intersection that has a road link from one to the other.
     */
    public boolean connects(String from, String to) {
        Optional<Road> a = road(from);
        if (a.isEmpty()) {
            return false;
        }
        Intersection at = intersections.get(intersectionIndex.get(a.get().endIntersection()));
        for (RoadLink link : at.roadLinks()) {
            if (link.startRoad().equals(from) && link.endRoad().equals(to)) {
                return true;
            }
        }
        return false;
    }

    /** Collects elements with the place each came from, then validates them all together. */
    public static final class Builder {
        private final String source;
        private final List<Intersection> intersections = new ArrayList<>();
        private final List<String> intersectionWhere = new ArrayList<>();
        private final List<Road> roads = new ArrayList<>();
        private final List<String> roadWhere = new ArrayList<>();
        private GeoReference geoReference;

        private Builder(String source) {
            this.source = source;
        }

        /** @param where the element's place in the source, e.g. {@code $.intersections[4]} or {@code line 17} */
        public Builder add(Intersection intersection, String where) {
            intersections.add(intersection);
            intersectionWhere.add(where);
            return this;
        }

        public Builder add(Road road, String where) {
            roads.add(road);
            roadWhere.add(where);
            return this;
        }

        public Builder geoReference(GeoReference geoReference) {
            this.geoReference = geoReference;
            return this;
        }

        /**
         * Validates and freezes the network.
         *
         * @throws TwinFormatException naming the first inconsistent element and why
         */
        public RoadNetwork build() {
            Map<String, Integer> interIndex = new HashMap<>();
            for (int i = 0; i < intersections.size(); i++) {
                String id = intersections.get(i).id();
                if (interIndex.putIfAbsent(id, i) != null) {
                    throw fail(intersectionWhere.get(i), "duplicate intersection id '" + id + "'");
                }
            }
            Map<String, Integer> rIndex = new HashMap<>();
            for (int i = 0; i < roads.size(); i++) {
                Road r = roads.get(i);
                if (rIndex.putIfAbsent(r.id(), i) != null) {
                    throw fail(roadWhere.get(i), "duplicate road id '" + r.id() + "'");
                }
                if (!interIndex.containsKey(r.startIntersection())) {
                    throw fail(roadWhere.get(i), "road '" + r.id() + "' starts at unknown intersection '"
                            + r.startIntersection() + "'");
                }
                if (!interIndex.containsKey(r.endIntersection())) {
                    throw fail(roadWhere.get(i), "road '" + r.id() + "' ends at unknown intersection '"
                            + r.endIntersection() + "'");
                }
            }
            for (int i = 0; i < intersections.size(); i++) {
                validateIntersection(intersections.get(i), intersectionWhere.get(i), rIndex);
            }
            return new RoadNetwork(intersections, roads, interIndex, rIndex, geoReference);
        }

        private void validateIntersection(Intersection in, String where, Map<String, Integer> rIndex) {
            List<RoadLink> links = in.roadLinks();
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < links.size(); k++) {
                RoadLink link = links.get(k);
                String at = where + ".roadLinks[" + k + "]";
                Road start = roadOrFail(rIndex, link.startRoad(), at, "startRoad");
                Road end = roadOrFail(rIndex, link.endRoad(), at, "endRoad");
                if (!start.endIntersection().equals(in.id())) {
                    throw fail(at, "startRoad '" + start.id() + "' does not end at intersection '" + in.id() + "'");
                }
                if (!end.startIntersection().equals(in.id())) {
                    throw fail(at, "endRoad '" + end.id() + "' does not start at intersection '" + in.id() + "'");
                }
                for (int m = 0; m < link.laneLinks().size(); m++) {
                    LaneLink ll = link.laneLinks().get(m);
                    String lat = at + ".laneLinks[" + m + "]";
                    if (ll.startLane() >= start.lanes().size()) {
                        throw fail(lat, "startLaneIndex " + ll.startLane() + " but road '" + start.id() + "' has "
                                + start.lanes().size() + " lanes");
                    }
                    if (ll.endLane() >= end.lanes().size()) {
                        throw fail(lat, "endLaneIndex " + ll.endLane() + " but road '" + end.id() + "' has "
                                + end.lanes().size() + " lanes");
                    }
                    if (!seen.add(start.id() + '#' + ll.startLane() + '>' + end.id() + '#' + ll.endLane())) {
                        throw fail(lat, "duplicate lane link " + start.id() + "#" + ll.startLane() + " -> "
                                + end.id() + "#" + ll.endLane());
                    }
                }
            }
            if (in.signal().isPresent()) {
                List<Phase> phases = in.signal().get().phases();
                for (int p = 0; p < phases.size(); p++) {
                    for (int idx : phases.get(p).roadLinks()) {
                        if (idx < 0 || idx >= links.size()) {
                            throw fail(where + ".trafficLight.lightphases[" + p + "]", "phase names road link "
                                    + idx + " but intersection '" + in.id() + "' has " + links.size() + " road links");
                        }
                    }
                }
            }
        }

        private Road roadOrFail(Map<String, Integer> rIndex, String id, String at, String field) {
            Integer i = rIndex.get(id);
            if (i == null) {
                throw fail(at + "." + field, "unknown road '" + id + "'");
            }
            return roads.get(i);
        }

        private TwinFormatException fail(String where, String reason) {
            return new TwinFormatException(source, where, reason);
        }
    }

    @Override
    public String toString() {
        return "RoadNetwork[" + intersections.size() + " intersections, " + roads.size() + " roads]";
    }

}
