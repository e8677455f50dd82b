package org.citybrain.govern.cases;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which department a case goes to: the first route whose category and district match. A route
 * with category {@code *} matches every category, one without a district every place.
 */
public record Routing(List<District> districts, List<Route> routes) {

    /** A named area, one outer ring of WGS84 points (longitude, latitude), closed or not. */
    public record District(String name, double[] lons, double[] lats) {
        public District {
            Objects.requireNonNull(name, "name");
            if (lons.length != lats.length || lons.length < 3) {
                throw new IllegalArgumentException("district " + name + ": a polygon needs at least 3 points");
            }
            lons = lons.clone();
            lats = lats.clone();
        }

        /** Even-odd rule; a point on the boundary may fall either way. */
        public boolean contains(GeoPoint p) {
            boolean inside = false;
            for (int i = 0, j = lons.length - 1; i < lons.length; j = i++) {
                if ((lats[i] > p.lat()) != (lats[j] > p.lat())
                        && p.lon() < (lons[j] - lons[i]) * (p.lat() - lats[i]) / (lats[j] - lats[i]) + lons[i]) {
                    inside = !inside;
                }
            }
            return inside;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof District d && d.name.equals(name) && java.util.Arrays.equals(d.lons, lons)
                    && java.util.Arrays.equals(d.lats, lats);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "District[" + name + ", " + lons.length + " points]";
        }
    }

    /** One row of the routing table. */
    public record Route(String category, Optional<String> district, String department) {
        public Route {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(district, "district");
            Objects.requireNonNull(department, "department");
        }
    }

    public Routing {
        districts = List.copyOf(districts);
        routes = List.copyOf(routes);
        for (Route r : routes) {
            if (r.district().isPresent() && districts.stream().noneMatch(d -> d.name().equals(r.district().get()))) {
                throw new IllegalArgumentException("route to " + r.department() + " names an unknown district '"
                        + r.district().get() + "'");
            }
        }
    }

    /** The district {@code p} lies in, the first listed if several. */
    public Optional<String> district(GeoPoint p) {
        return districts.stream().filter(d -> d.contains(p)).map(District::name).findFirst();
    }

    /** The department for a case of {@code category} at {@code location}, or empty if no route matches. */
    public Optional<String> department(String category, Optional<GeoPoint> location) {
        Optional<String> district = location.flatMap(this::district);
        for (Route r : routes) {
            boolean categoryMatches = r.category().equals("*") || r.category().equals(category);
            boolean placeMatches = r.district().isEmpty() || r.district().equals(district);
            if (categoryMatches && placeMatches) {
                return Optional.of(r.department());
            }
        }
        return Optional.empty();
    }
}
