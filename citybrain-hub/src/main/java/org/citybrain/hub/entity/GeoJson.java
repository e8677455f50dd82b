package org.citybrain.hub.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Checks GeoJSON geometries (RFC 7946, section 3.1) as NGSI-LD GeoProperty values.
 *
 * <p>Rules: the {@code type} is one of the seven geometry types (Features are not geometries);
 * a position is 2 or 3 numbers, longitude in [-180, 180] then latitude in [-90, 90]; a LineString
 * has at least 2 positions; a Polygon ring at least 4 and ends where it starts; {@code bbox}, if
 * present, has 4 or 6 numbers. Winding order is not checked (RFC 7946 makes it a should).
 */
public final class GeoJson {

    /** The RFC 7946 geometry types. */
    public static final Set<String> GEOMETRY_TYPES = Set.of(
            "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
            "GeometryCollection");

    private GeoJson() {
    }

    /**
     * Whether {@code node} claims to be a geometry: an object whose {@code type} is a geometry type.
     * It may still be an invalid one; {@link #check} says.
     */
    public static boolean looksLikeGeometry(JsonNode node) {
        return node != null && node.isObject() && node.path("type").isTextual()
                && GEOMETRY_TYPES.contains(node.get("type").asText());
    }

    /**
     * Checks {@code node} is a valid geometry.
     *
     * @param path the JSON path of {@code node}, prefixed to error paths
     * @throws BadRequestDataException code {@link ErrorCode#INVALID_GEOJSON}, at the first fault
     */
    public static void check(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw fail(path, "a GeoJSON geometry must be an object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || !GEOMETRY_TYPES.contains(type.asText())) {
            throw fail(JsonPaths.member(path, "type"), "not a GeoJSON geometry type: " + type
                    + " (one of " + String.join(", ", GEOMETRY_TYPES.stream().sorted().toList()) + ")");
        }
        if (node.has("bbox")) {
            checkBbox(node.get("bbox"), JsonPaths.member(path, "bbox"));
        }
        if (type.asText().equals("GeometryCollection")) {
            JsonNode geometries = node.get("geometries");
            String at = JsonPaths.member(path, "geometries");
            if (geometries == null || !geometries.isArray()) {
                throw fail(at, "a GeometryCollection needs a 'geometries' array");
            }
            for (int i = 0; i < geometries.size(); i++) {
                check(geometries.get(i), JsonPaths.element(at, i));
            }
            return;
        }
        JsonNode coordinates = node.get("coordinates");
        String at = JsonPaths.member(path, "coordinates");
        if (coordinates == null || !coordinates.isArray()) {
            throw fail(at, "a " + type.asText() + " needs a 'coordinates' array");
        }
        switch (type.asText()) {
            case "Point" -> position(coordinates, at);
            case "MultiPoint" -> positions(coordinates, at, 1);
            case "LineString" -> positions(coordinates, at, 2);
            case "MultiLineString" -> eachArray(coordinates, at, (c, p) -> positions(c, p, 2));
            case "Polygon" -> polygon(coordinates, at);
            case "MultiPolygon" -> eachArray(coordinates, at, GeoJson::polygon);
            default -> throw new AssertionError(type);
        }
    }

    private interface Check {
        void apply(JsonNode node, String path);
    }

    private static void eachArray(JsonNode array, String path, Check check) {
        if (array.isEmpty()) {
            throw fail(path, "must not be empty");
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String at = JsonPaths.element(path, i);
            if (!element.isArray()) {
                throw fail(at, "must be an array");
            }
            check.apply(element, at);
        }
    }

    private static void polygon(JsonNode rings, String path) {
        eachArray(rings, path, (ring, at) -> {
            positions(ring, at, 4);
            if (!ring.get(0).equals(ring.get(ring.size() - 1))) {
                throw fail(at, "a linear ring must end at its first position");
            }
        });
    }

    private static void positions(JsonNode array, String path, int min) {
        if (array.size() < min) {
            throw fail(path, "needs at least " + min + " positions, has " + array.size());
        }
        for (int i = 0; i < array.size(); i++) {
            position(array.get(i), JsonPaths.element(path, i));
        }
    }

    private static void position(JsonNode p, String path) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3) {
            throw fail(path, "a position is an array of 2 or 3 numbers [longitude, latitude(, altitude)]");
        }
        for (int i = 0; i < p.size(); i++) {
            if (!p.get(i).isNumber()) {
                throw fail(JsonPaths.element(path, i), "must be a number");
            }
        }
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        if (lon < -180 || lon > 180) {
            throw fail(JsonPaths.element(path, 0), "longitude " + lon + " outside [-180, 180]");
        }
        if (lat < -90 || lat > 90) {
            throw fail(JsonPaths.element(path, 1), "latitude " + lat + " outside [-90, 90]");
        }
    }

    private static void checkBbox(JsonNode bbox, String path) {
        if (!bbox.isArray() || (bbox.size() != 4 && bbox.size() != 6)) {
            throw fail(path, "a bbox is an array of 4 or 6 numbers");
        }
        for (int i = 0; i < bbox.size(); i++) {
            if (!bbox.get(i).isNumber()) {
                throw fail(JsonPaths.element(path, i), "must be a number");
            }
        }
    }

    private static BadRequestDataException fail(String path, String message) {
        return new BadRequestDataException(ErrorCode.INVALID_GEOJSON, path, message);
    }
}
