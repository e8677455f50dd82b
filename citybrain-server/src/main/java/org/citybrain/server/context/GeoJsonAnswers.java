package org.citybrain.server.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.citybrain.hub.entity.Entity;

/**
 * Entities as GeoJSON (ETSI GS CIM 009 V1.6.1, clause 6.3.15, {@code Accept: application/geo+json}):
 * each a Feature whose {@code geometry} is the value of one GeoProperty and whose
 * {@code properties} are the entity's type and attributes in the representation asked for.
 */
final class GeoJsonAnswers {

    private GeoJsonAnswers() {
    }

    /**
     * One entity as a Feature.
     *
     * @param rendered the entity in its JSON representation (normalized or simplified, names compacted)
     * @param geometry the expanded name of the GeoProperty that gives the geometry; null geometry
     *                 if the entity has none of that name (or {@code attrs} left it out)
     */
    static ObjectNode feature(Entity entity, JsonNode rendered, String geometry) {
        ObjectNode properties = ((ObjectNode) rendered).deepCopy();
        properties.remove("id");
        properties.remove("@context");
        ObjectNode feature = JsonNodeFactory.instance.objectNode();
        feature.put("id", entity.id().toString());
        feature.put("type", "Feature");
        feature.set("geometry", entity.geoProperty(geometry).map(g -> (JsonNode) g.value().deepCopy())
                .orElse(JsonNodeFactory.instance.nullNode()));
        feature.set("properties", properties);
        return feature;
    }
}
