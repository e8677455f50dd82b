package org.citybrain.control.congestion;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;

/**
 * A named part of the city whose congestion index is the vehicle-kilometre-weighted index of its
 * roads. Districts may overlap (a road may count in several) and need not cover the city.
 *
 * @param name  unique among the districts of one {@link CongestionIndex}
 * @param roads road ids; ids the network does not know simply never get observations
 */
public record District(String name, Set<String> roads) {
    public District {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("district name must not be empty");
        }
        roads = Set.copyOf(roads);
    }

    /** The district of the given roads. */
    public static District ofRoads(String name, Iterable<String> roadIds) {
        Set<String> ids = new LinkedHashSet<>();
        roadIds.forEach(ids::add);
        return new District(name, ids);
    }

    /** The district of the roads whose midpoint ({@link #midpoint(Road)}) lies inside the polygon. */
    public static District within(String name, Polygon area, RoadNetwork network) {
        Set<String> ids = new LinkedHashSet<>();
        for (Road road : network.roads()) {
            if (area.contains(midpoint(road))) {
                ids.add(road.id());
            }
        }
        return new District(name, ids);
    }

    /** The point halfway along the road's centre line. */
    public static Point midpoint(Road road) {
        List<Point> pts = road.points();
        double half = 0;
        for (int i = 1; i < pts.size(); i++) {
            half += pts.get(i - 1).distanceTo(pts.get(i));
        }
        half /= 2;
        for (int i = 1; i < pts.size(); i++) {
            Point a = pts.get(i - 1);
            Point b = pts.get(i);
            double seg = a.distanceTo(b);
            if (seg >= half && seg > 0) {
                double t = half / seg;
                return new Point(a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y()));
            }
            half -= seg;
        }
        return pts.get(pts.size() - 1);
    }
}
