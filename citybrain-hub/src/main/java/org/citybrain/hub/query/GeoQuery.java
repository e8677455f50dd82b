package org.citybrain.hub.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.GeoJson;
import org.citybrain.hub.entity.GeoProperty;

/**
 * A parsed NGSI-LD geo-query ({@code georel}, {@code geometry}, {@code coordinates},
 * {@code geoproperty}; ETSI GS CIM 009 clause 4.10) as a predicate on entities with expanded
 * names. An entity without that GeoProperty matches nothing, not even {@code disjoint}.
 * Immutable and thread-safe.
 *
 * <h2>Relations (entity geometry E, query geometry G)</h2>
 * <ul>
 *   <li>{@code near;maxDistance==d}: E comes within {@code d} metres of G;
 *       {@code near;minDistance==d}: E stays at least {@code d} metres away. G must be a Point.</li>
 *   <li>{@code within}: E lies in or on G; {@code contains}: G lies in or on E.</li>
 *   <li>{@code intersects}: they share a point; {@code disjoint}: they share none.</li>
 *   <li>{@code equals}: same geometry type and the same positions in the same order.</li>
 *   <li>{@code overlaps}: of one dimension, sharing part of it, neither containing the other
 *       ({@link Shape#overlaps}).</li>
 * </ul>
 * Query geometries: Point, MultiPoint, LineString, MultiLineString, Polygon (holes included) and
 * MultiPolygon; entity geometries may also be GeometryCollections. Topology is planar in
 * longitude/latitude, as in GeoJSON; see {@link Shape#contains} for its limits. Distances are on
 * a sphere of radius 6,371,008.8 m (haversine): against WGS 84 that is within 0.5 %, typically
 * 0.1-0.3 % at city scale. Testing an entity reads its geometry each time (no spatial index).
 */
public final class GeoQuery implements Predicate<Entity> {
    /** The relations, as written in {@code georel}. */
    public static final List<String> RELATIONS = List.of("near", "within", "contains", "intersects", "disjoint",
            "equals", "overlaps");
    /** The geometry types a query may give. */
    public static final List<String> GEOMETRIES = List.of("Point", "MultiPoint", "LineString", "MultiLineString",
            "Polygon", "MultiPolygon");

    private static final Pattern DISTANCE = Pattern.compile("(maxDistance|minDistance)==([0-9]+(\\.[0-9]+)?)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String relation;
    private final Shape geometry;
    private final String geoproperty;
    private final boolean maxDistance;
    private final double distance;
    private final String text;

    private GeoQuery(String relation, Shape geometry, String geoproperty, boolean maxDistance, double distance,
            String text) {
        this.relation = relation;
        this.geometry = geometry;
        this.geoproperty = geoproperty;
        this.maxDistance = maxDistance;
        this.distance = distance;
        this.text = text;
    }

    /**
     * Parses the geo-query parameters of a request.
     *
     * @param georel      e.g. {@code near;maxDistance==2000} or {@code within}
     * @param geometry    the query geometry's GeoJSON type
     * @param coordinates the JSON text of its GeoJSON {@code coordinates}, e.g. {@code [8.68,49.41]}
     * @param geoproperty the GeoProperty to test as written (a term); empty means {@code location}
     * @param expand      turns {@code geoproperty} into the name entities carry
     * @throws BadRequestDataException {@link ErrorCode#INVALID_GEOQUERY} with the faulty
     *                                 parameter's name as JSON path
     */
    public static GeoQuery parse(String georel, String geometry, String coordinates, Optional<String> geoproperty,
            Function<String, String> expand) {
        String[] parts = require(georel, "georel").split(";", -1);
        String relation = parts[0];
        if (!RELATIONS.contains(relation)) {
            throw fail("georel", "unknown relation '" + relation + "' (one of " + String.join(", ", RELATIONS) + ")");
        }
        boolean max = false;
        double distance = 0;
        if (relation.equals("near")) {
            Matcher m = parts.length == 2 ? DISTANCE.matcher(parts[1]) : null;
            if (m == null || !m.matches()) {
                throw fail("georel", "near needs one of ;maxDistance==<metres> or ;minDistance==<metres>: " + georel);
            }
            max = m.group(1).equals("maxDistance");
            distance = Double.parseDouble(m.group(2));
        } else if (parts.length > 1) {
            throw fail("georel", relation + " takes no modifiers: " + georel);
        }
        if (!GEOMETRIES.contains(require(geometry, "geometry"))) {
            throw fail("geometry", "unknown geometry '" + geometry + "' (one of " + String.join(", ", GEOMETRIES) + ")");
        }
        if (relation.equals("near") && !geometry.equals("Point")) {
            throw fail("geometry", "near measures from a Point, not a " + geometry);
        }
        Shape shape = Shape.of(geoJson(geometry, require(coordinates, "coordinates")));
        String property = expand.apply(geoproperty.filter(p -> !p.isBlank()).orElse("location"));
        return new GeoQuery(relation, shape, property, max, distance,
                "georel=" + georel + "&geometry=" + geometry + "&coordinates=" + coordinates
                        + "&geoproperty=" + geoproperty.orElse("location"));
    }

    private static String require(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw fail(parameter, "missing");
        }
        return value;
    }

    private static JsonNode geoJson(String geometry, String coordinates) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", geometry);
        try {
            node.set("coordinates", MAPPER.readTree(coordinates));
        } catch (JsonProcessingException e) {
            throw fail("coordinates", "not JSON: " + e.getOriginalMessage());
        }
        try {
            GeoJson.check(node, "$");
        } catch (BadRequestDataException e) {
            throw fail("coordinates", "not a valid " + geometry + ": " + e.getMessage());
        }
        return node;
    }

    private static BadRequestDataException fail(String parameter, String message) {
        return new BadRequestDataException(ErrorCode.INVALID_GEOQUERY, parameter, message);
    }

    @Override
    public boolean test(Entity entity) {
        Attribute attribute = entity.attributes().get(geoproperty);
        if (!(attribute instanceof GeoProperty g)) {
            return false;
        }
        Shape shape = Shape.of(g.value());
        return switch (relation) {
            case "near" -> maxDistance ? shape.distanceTo(geometry.points.get(0)) <= distance
                    : shape.distanceTo(geometry.points.get(0)) >= distance;
            case "within" -> geometry.contains(shape);
            case "contains" -> shape.contains(geometry);
            case "intersects" -> shape.intersects(geometry);
            case "disjoint" -> !shape.intersects(geometry);
            case "equals" -> shape.sameAs(geometry);
            case "overlaps" -> shape.overlaps(geometry);
            default -> throw new IllegalStateException(relation);
        };
    }

    /** The query's parameters, as a query string. */
    @Override
    public String toString() {
        return text;
    }
}
