package org.citybrain.hub.entity;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An NGSI-LD Relationship: a link from the entity to one or more other entities, named by their
 * ids (absolute URIs).
 *
 * @param objects the targets, at least one
 * @param asArray whether {@code object} is written as an array; always with several targets, and
 *                with one if it came as an array, so that documents keep their shape (a model may
 *                require an array, as Device's {@code controlledAsset} does)
 * @param meta    metadata
 */
public record Relationship(List<URI> objects, boolean asArray, AttributeMeta meta) implements Attribute {

    public Relationship {
        objects = List.copyOf(objects);
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("a Relationship needs at least one object");
        }
        asArray = asArray || objects.size() > 1;
        for (URI object : objects) {
            if (!object.isAbsolute()) {
                throw new IllegalArgumentException("a Relationship object must be an absolute URI: " + object);
            }
        }
        Objects.requireNonNull(meta, "meta");
    }

    public static Relationship to(URI object) {
        return new Relationship(List.of(object), false, AttributeMeta.NONE);
    }

    public static Relationship to(String object) {
        return to(URI.create(object));
    }

    /** A link to several entities, written as an array. */
    public static Relationship toAll(List<URI> objects) {
        return new Relationship(objects, true, AttributeMeta.NONE);
    }

    /** The first (usually the only) target. */
    public URI object() {
        return objects.get(0);
    }

    public Relationship withMeta(AttributeMeta newMeta) {
        return new Relationship(objects, asArray, newMeta);
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
