package org.citybrain.hub.entity;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every NGSI-LD attribute may carry besides its value: {@code observedAt}, {@code datasetId},
 * sub-attributes (properties of a property, relationships of a relationship, ...) and the system
 * attributes {@code createdAt} and {@code modifiedAt}, which the broker sets and clients only read.
 *
 * @param observedAt    when the value was observed, an instant (never a local time)
 * @param datasetId     the dataset this instance belongs to, a URI; empty is the default instance
 * @param subAttributes sub-attributes by name, in input order; unmodifiable
 * @param createdAt     system attribute: when the broker first stored the attribute
 * @param modifiedAt    system attribute: when the broker last changed it
 */
public record AttributeMeta(
        Optional<Instant> observedAt,
        Optional<URI> datasetId,
        Map<String, Attribute> subAttributes,
        Optional<Instant> createdAt,
        Optional<Instant> modifiedAt) {

    /** No metadata at all. */
    public static final AttributeMeta NONE =
            new AttributeMeta(Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty());

    public AttributeMeta {
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        subAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(subAttributes));
        subAttributes.forEach((name, attribute) -> {
            Names.require(name);
            Objects.requireNonNull(attribute, name);
        });
        datasetId.ifPresent(id -> {
            if (!id.isAbsolute()) {
                throw new IllegalArgumentException("datasetId must be an absolute URI: " + id);
            }
        });
    }

    /** Only an observation time. */
    public static AttributeMeta observedAt(Instant observedAt) {
        return NONE.withObservedAt(observedAt);
    }

    public AttributeMeta withObservedAt(Instant instant) {
        return new AttributeMeta(Optional.of(instant), datasetId, subAttributes, createdAt, modifiedAt);
    }

    public AttributeMeta withSystemTimes(Instant created, Instant modified) {
        return new AttributeMeta(observedAt, datasetId, subAttributes, Optional.of(created), Optional.of(modified));
    }

    /** The same metadata without {@code createdAt}/{@code modifiedAt}, here and in sub-attributes. */
    public AttributeMeta withoutSystemTimes() {
        Map<String, Attribute> subs = new LinkedHashMap<>();
        subAttributes.forEach((name, a) -> subs.put(name, a.withoutSystemTimes()));
        return new AttributeMeta(observedAt, datasetId, subs, Optional.empty(), Optional.empty());
    }
}
