package org.citybrain.hub.store;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One observation of one entity attribute, as the store keeps it.
 *
 * @param deviceId   the device that sent it; part of the idempotence key
 * @param entityId   the entity the device feeds, an absolute URI
 * @param entityType the entity's type
 * @param attribute  the attribute name on that entity
 * @param observedAt when the value was observed (the device's time, not the arrival time)
 * @param value      the attribute in NGSI-LD normalized form without {@code observedAt}, as compact
 *                   JSON text, e.g. {@code {"type":"Property","value":12.5,"unitCode":"KMH"}}
 */
public record Reading(String deviceId, URI entityId, String entityType, String attribute, Instant observedAt,
        String value) {

    public Reading {
        requireText(deviceId, "deviceId");
        Objects.requireNonNull(entityId, "entityId");
        if (!entityId.isAbsolute()) {
            throw new IllegalArgumentException("entityId must be an absolute URI: " + entityId);
        }
        requireText(entityType, "entityType");
        requireText(attribute, "attribute");
        Objects.requireNonNull(observedAt, "observedAt");
        requireText(value, "value");
    }

    private static void requireText(String text, String name) {
        Objects.requireNonNull(text, name);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(name + " cannot be empty");
        }
    }

    /** The series this reading belongs to. */
    public SeriesKey series() {
        return new SeriesKey(entityId, attribute);
    }

    /** Whether {@code other} is the same reading for idempotence: same device, series and time. */
    public boolean sameKey(Reading other) {
        return observedAt.equals(other.observedAt) && deviceId.equals(other.deviceId)
                && attribute.equals(other.attribute) && entityId.equals(other.entityId);
    }
}
