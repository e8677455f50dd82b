package org.citybrain.hub.entity;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An NGSI-LD Relationship: a link from the entity to one or more other entities, named by their
 * ids (absolute URIs). With one target the normalized form writes {@code "object": "urn:..."},
 * with several an array.
 */
public record Relationship(List<URI> objects, AttributeMeta meta) implements Attribute {

    public Relationship {
        objects = List.copyOf(objects);
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("a Relationship needs at least one object");
        }
        for (URI object : objects) {
            if (!object.isAbsolute()) {
                throw new IllegalArgumentException("a Relationship object must be an absolute URI: " + object);
            }
        }
        Objects.requireNonNull(meta, "meta");
    }

    public static Relationship to(URI object) {
        return new Relationship(List.of(object), AttributeMeta.NONE);
    }

    public static Relationship to(String object) {
        return to(URI.create(object));
    }

    /** The first (usually the only) target. */
    public URI object() {
        return objects.get(0);
    }

    public Relationship withMeta(AttributeMeta newMeta) {
        return new Relationship(objects, newMeta);
    }

    @Override
    public String kind() {
        return "Relationship";
    }

    @Override
    public Relationship withoutSystemTimes() {
        return withMeta(meta.withoutSystemTimes());
    }
}
