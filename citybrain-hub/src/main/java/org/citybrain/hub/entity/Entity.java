package org.citybrain.hub.entity;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An NGSI-LD entity (ETSI GS CIM 009): an id, a type and named attributes, with the JSON-LD
 * {@code @context} it came with and the system attributes {@code createdAt}/{@code modifiedAt}.
 * Immutable; {@code with...} methods return changed copies.
 *
 * <p>Limits of this version: one type per entity (no type arrays), one instance per attribute
 * name (an instance may carry a {@code datasetId}, but multi-attributes are rejected by the
 * reader as {@link ErrorCode#UNSUPPORTED_MULTI_ATTRIBUTE}).
 *
 * @param id         the entity id, an absolute URI (e.g. {@code urn:ngsi-ld:TrafficFlowObserved:1})
 * @param type       the entity type, a term (e.g. {@code TrafficFlowObserved}) or an IRI
 * @param attributes attributes by name in input order; unmodifiable; names are neither
 *                   {@code id}, {@code type}, {@code @context} nor a system attribute
 * @param context    the {@code @context}; empty means the core context only
 * @param createdAt  system attribute: when the broker first stored the entity
 * @param modifiedAt system attribute: when the broker last changed it
 */
public record Entity(
        URI id,
        String type,
        Map<String, Attribute> attributes,
        JsonLdContext context,
        Optional<Instant> createdAt,
        Optional<Instant> modifiedAt) {

    public Entity {
        Objects.requireNonNull(id, "id");
        if (!id.isAbsolute()) {
            throw new IllegalArgumentException("an entity id must be an absolute URI: " + id);
        }
        Names.require(type);
        Map<String, Attribute> copy = new LinkedHashMap<>(attributes);
        copy.forEach((name, attribute) -> {
            requireAttributeName(name);
            Objects.requireNonNull(attribute, name);
        });
        attributes = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }

    /** An entity without attributes, context or system times. */
    public static Entity of(URI id, String type) {
        return new Entity(id, type, Map.of(), JsonLdContext.EMPTY, Optional.empty(), Optional.empty());
    }

    public static Entity of(String id, String type) {
        return of(URI.create(id), type);
    }

    static void requireAttributeName(String name) {
        Names.require(name);
        if (Names.ENTITY_MEMBERS.contains(name)) {
            throw new IllegalArgumentException("reserved, not an attribute name: " + name);
        }
    }

    public Optional<Attribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The attribute {@code name} if it is a Property. */
    public Optional<Property> property(String name) {
        return attribute(name).filter(Property.class::isInstance).map(Property.class::cast);
    }

    /** The attribute {@code name} if it is a Relationship. */
    public Optional<Relationship> relationship(String name) {
        return attribute(name).filter(Relationship.class::isInstance).map(Relationship.class::cast);
    }

    /** The attribute {@code name} if it is a GeoProperty. */
    public Optional<GeoProperty> geoProperty(String name) {
        return attribute(name).filter(GeoProperty.class::isInstance).map(GeoProperty.class::cast);
    }

    /** A copy with {@code name} added or replaced (kept in place if it existed). */
    public Entity withAttribute(String name, Attribute attribute) {
        Map<String, Attribute> copy = new LinkedHashMap<>(attributes);
        copy.put(name, attribute);
        return new Entity(id, type, copy, context, createdAt, modifiedAt);
    }

    public Entity withoutAttribute(String name) {
        Map<String, Attribute> copy = new LinkedHashMap<>(attributes);
        copy.remove(name);
        return new Entity(id, type, copy, context, createdAt, modifiedAt);
    }

    public Entity withContext(JsonLdContext newContext) {
        return new Entity(id, type, attributes, newContext, createdAt, modifiedAt);
    }

    /** A copy with the entity's system times set (attributes keep theirs). */
    public Entity withSystemTimes(Instant created, Instant modified) {
        return new Entity(id, type, attributes, context, Optional.of(created), Optional.of(modified));
    }

    /** A copy without any {@code createdAt}/{@code modifiedAt}, on the entity and its attributes. */
    public Entity withoutSystemTimes() {
        Map<String, Attribute> copy = new LinkedHashMap<>();
        attributes.forEach((name, a) -> copy.put(name, a.withoutSystemTimes()));
        return new Entity(id, type, copy, context, Optional.empty(), Optional.empty());
    }
}
