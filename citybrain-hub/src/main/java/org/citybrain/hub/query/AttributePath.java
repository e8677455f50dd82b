package org.citybrain.hub.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.AttributeMeta;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;

/**
 * What a query term looks at: an attribute, maybe a sub-attribute of it (at any depth), then
 * either one of its metadata ({@code observedAt}, ...) or, inside a compound value, the member
 * that {@code keys} lead to ({@code attr[a.b]}).
 *
 * @param attribute     the attribute's (expanded) name
 * @param subAttributes (expanded) sub-attribute names, outermost first
 * @param metadata      the metadata looked at, if any
 * @param keys          member names inside the value (not expanded: values are not JSON-LD terms)
 * @param text          the path as written in the query, for messages
 */
record AttributePath(String attribute, List<String> subAttributes, Optional<Metadata> metadata, List<String> keys,
        String text) {

    /** Metadata of an attribute that a path may end with. */
    enum Metadata {
        OBSERVED_AT("observedAt"), UNIT_CODE("unitCode"), DATASET_ID("datasetId"), CREATED_AT("createdAt"),
        MODIFIED_AT("modifiedAt");

        private final String term;

        Metadata(String term) {
            this.term = term;
        }

        static Optional<Metadata> named(String name) {
            for (Metadata m : values()) {
                if (m.term.equals(name)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    AttributePath {
        subAttributes = List.copyOf(subAttributes);
        keys = List.copyOf(keys);
        if (metadata.isPresent() && !keys.isEmpty()) {
            throw new IllegalArgumentException("metadata have no members: " + text);
        }
    }

    /** Whether the entity has what this path names. */
    boolean exists(Entity entity) {
        Attribute a = target(entity);
        if (a == null) {
            return false;
        }
        if (metadata.isPresent()) {
            return metadataText(a) != null || metadataInstant(a) != null;
        }
        return keys.isEmpty() || member(a) != null;
    }

    /** Whether some value this path names in the entity satisfies {@code test}. */
    boolean anyMatches(Entity entity, ValueTest test) {
        Attribute a = target(entity);
        if (a == null) {
            return false;
        }
        if (metadata.isPresent()) {
            Instant instant = metadataInstant(a);
            if (instant != null) {
                return test.instant(instant);
            }
            String text = metadataText(a);
            return text != null && test.text(text);
        }
        if (a instanceof Relationship r && keys.isEmpty()) {
            for (URI object : r.objects()) {
                if (test.object(object.toString())) {
                    return true;
                }
            }
            return false;
        }
        JsonNode value = member(a);
        return value != null && test.json(value);
    }

    private Attribute target(Entity entity) {
        Attribute a = entity.attributes().get(attribute);
        for (int i = 0; a != null && i < subAttributes.size(); i++) {
            a = a.meta().subAttributes().get(subAttributes.get(i));
        }
        return a;
    }

    /** The value, or the member of it that the keys lead to; null if there is none. */
    private JsonNode member(Attribute a) {
        // value() copies containers, but not scalars (Jackson shares immutable value nodes).
        JsonNode value = a instanceof Property p ? p.value() : a instanceof GeoProperty g ? g.value() : null;
        for (int i = 0; value != null && i < keys.size(); i++) {
            value = value.get(keys.get(i));
        }
        return value == null || value.isNull() ? null : value;
    }

    private Instant metadataInstant(Attribute a) {
        AttributeMeta meta = a.meta();
        return switch (metadata.orElseThrow()) {
            case OBSERVED_AT -> meta.observedAt().orElse(null);
            case CREATED_AT -> meta.createdAt().orElse(null);
            case MODIFIED_AT -> meta.modifiedAt().orElse(null);
            default -> null;
        };
    }

    private String metadataText(Attribute a) {
        return switch (metadata.orElseThrow()) {
            case UNIT_CODE -> a instanceof Property p ? p.unitCode().orElse(null) : null;
            case DATASET_ID -> a.meta().datasetId().map(URI::toString).orElse(null);
            default -> null;
        };
    }
}
