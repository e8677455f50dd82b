package org.citybrain.hub.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An NGSI-LD GeoProperty: a GeoJSON geometry (RFC 7946: Point, MultiPoint, LineString,
 * MultiLineString, Polygon, MultiPolygon, GeometryCollection) in WGS 84 longitude, latitude
 * order. The constructor checks the geometry (see {@link GeoJson#check}) and throws
 * {@link BadRequestDataException} with code {@link ErrorCode#INVALID_GEOJSON} if it is not valid.
 */
public record GeoProperty(JsonNode value, AttributeMeta meta) implements Attribute {

    public GeoProperty {
        Objects.requireNonNull(value, "value");
        GeoJson.check(value, "$");
        value = value.deepCopy();
        Objects.requireNonNull(meta, "meta");
    }

    public static GeoProperty of(JsonNode geometry) {
        return new GeoProperty(geometry, AttributeMeta.NONE);
    }

    /** A copy of the geometry. */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    /** The GeoJSON geometry type, e.g. {@code Point}. */
    public String geometryType() {
        return value.get("type").asText();
    }

    public GeoProperty withMeta(AttributeMeta newMeta) {
        return new GeoProperty(value, newMeta);
    }

    @Override
    public String kind() {
        return "GeoProperty";
    }

    @Override
    public GeoProperty withoutSystemTimes() {
        return withMeta(meta.withoutSystemTimes());
    }
}
