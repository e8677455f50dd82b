package org.citybrain.hub.ingest;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.citybrain.hub.entity.JsonLdContext;

/**
 * A registered device: what it is called and which entity it feeds.
 *
 * @param id               the device id, as the device presents it (MQTT client or user name, HTTP
 *                         path); 1 to 256 characters, no whitespace or control characters
 * @param entityId         the entity its readings are attributes of, an absolute URI
 * @param entityType       that entity's type
 * @param attributeMapping telemetry key to entity attribute name, for keys whose names differ
 *                         (e.g. {@code spd -> averageVehicleSpeed}); keys not listed keep their
 *                         name. Applies to the compact form only; an NGSI-LD fragment already
 *                         names attributes.
 * @param context          the JSON-LD {@code @context} whose terms the type and attribute names are;
 *                         empty is the core context (terms it does not define fall to its
 *                         default vocabulary, as in the NGSI-LD API)
 */
public record Device(String id, URI entityId, String entityType, Map<String, String> attributeMapping,
        JsonLdContext context) {

    public Device {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > 256 || id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a device id has 1 to 256 characters and no whitespace: '" + id + "'");
        }
        Objects.requireNonNull(entityId, "entityId");
        if (!entityId.isAbsolute()) {
            throw new IllegalArgumentException("entityId must be an absolute URI: " + entityId);
        }
        Objects.requireNonNull(entityType, "entityType");
        if (entityType.isBlank()) {
            throw new IllegalArgumentException("entityType cannot be blank");
        }
        attributeMapping = Map.copyOf(attributeMapping);
        Objects.requireNonNull(context, "context");
    }

    /** A device whose names are read with the core context alone. */
    public Device(String id, URI entityId, String entityType, Map<String, String> attributeMapping) {
        this(id, entityId, entityType, attributeMapping, JsonLdContext.EMPTY);
    }

    public static Device of(String id, String entityId, String entityType) {
        return new Device(id, URI.create(entityId), entityType, Map.of());
    }

    public Device withMapping(Map<String, String> mapping) {
        return new Device(id, entityId, entityType, mapping, context);
    }

    public Device withId(String newId) {
        return new Device(newId, entityId, entityType, attributeMapping, context);
    }

    /** The same device with the {@code @context} its type and attribute names are terms of. */
    public Device withContext(JsonLdContext newContext) {
        return new Device(id, entityId, entityType, attributeMapping, newContext);
    }

    /** The attribute a telemetry key is written to. */
    public String attributeFor(String key) {
        return attributeMapping.getOrDefault(key, key);
    }
}
