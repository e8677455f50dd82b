package org.citybrain.hub.context;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.AttributeMeta;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;

/** The NGSI-LD rules on single attributes that the store applies: system times, partial update. */
final class Attributes {
    private Attributes() {
    }

    static Attribute withMeta(Attribute attribute, AttributeMeta meta) {
        if (attribute instanceof Property p) {
            return p.withMeta(meta);
        }
        if (attribute instanceof Relationship r) {
            return r.withMeta(meta);
        }
        return ((GeoProperty) attribute).withMeta(meta);
    }

    /**
     * The attribute with these system times and none in its sub-attributes (what a caller put
     * there is ignored, as NGSI-LD asks).
     */
    static Attribute stamped(Attribute attribute, Instant createdAt, Instant modifiedAt) {
        return withMeta(attribute, attribute.meta().withoutSystemTimes().withSystemTimes(createdAt, modifiedAt));
    }

    /**
     * When the attribute's value holds: its {@code observedAt}, else when it was last written
     * ({@code modifiedAt}); the value with the later time is the current one.
     */
    static Instant time(Attribute attribute) {
        AttributeMeta meta = attribute.meta();
        return meta.observedAt().orElseGet(() -> meta.modifiedAt().orElse(Instant.MIN));
    }

    /**
     * Partial attribute update (5.6.4): the patch's value (a Property's value, a Relationship's
     * object, a GeoProperty's geometry) with the metadata of both, the patch's winning: its
     * {@code observedAt}, {@code datasetId} and {@code unitCode} if it has them, else the existing
     * ones; sub-attributes merged by name the same way, recursively. System times are the caller's.
     */
    static Attribute merge(Attribute existing, Attribute patch) {
        AttributeMeta old = existing.meta();
        AttributeMeta given = patch.meta();
        Map<String, Attribute> subs = new LinkedHashMap<>(old.subAttributes());
        given.subAttributes().forEach((name, sub) -> subs.merge(name, sub, Attributes::merge));
        AttributeMeta meta = new AttributeMeta(
                given.observedAt().or(old::observedAt),
                given.datasetId().or(old::datasetId),
                subs, old.createdAt(), old.modifiedAt());
        if (patch instanceof Property p && existing instanceof Property e && p.unitCode().isEmpty()) {
            return new Property(p.value(), e.unitCode(), meta);
        }
        return withMeta(patch, meta);
    }

    /**
     * A partial update that carries no value: the existing attribute's value (and its
     * {@code unitCode} unless the patch has one) with the metadata merged as by {@link #merge}; what
     * {@code patch} holds as its value, and its kind, are ignored.
     */
    static Attribute mergeKeepingValue(Attribute existing, Attribute patch) {
        AttributeMeta meta = merge(existing, patch).meta();
        if (existing instanceof Property e) {
            return new Property(e.value(), patch instanceof Property p && p.unitCode().isPresent() ? p.unitCode()
                    : e.unitCode(), meta);
        }
        return withMeta(existing, meta);
    }
}
