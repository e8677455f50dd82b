package org.citybrain.hub.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * An NGSI-LD Property: any JSON value (number, string, boolean, object, array; never null) with an
 * optional {@code unitCode} (UN/CEFACT common code, e.g. {@code KMH}).
 *
 * <p>The value is copied on the way in and on the way out, so a Property is immutable even though
 * Jackson nodes are not.
 */
public record Property(JsonNode value, Optional<String> unitCode, AttributeMeta meta) implements Attribute {

    public Property {
        Objects.requireNonNull(value, "value");
        if (value.isNull() || value.isMissingNode()) {
            throw new IllegalArgumentException("a Property value cannot be null");
        }
        value = value.deepCopy();
        Objects.requireNonNull(unitCode, "unitCode");
        unitCode.ifPresent(u -> {
            if (u.isBlank()) {
                throw new IllegalArgumentException("unitCode cannot be blank");
            }
        });
        Objects.requireNonNull(meta, "meta");
    }

    public static Property of(JsonNode value) {
        return new Property(value, Optional.empty(), AttributeMeta.NONE);
    }

    public static Property of(String value) {
        return of(JsonNodeFactory.instance.textNode(value));
    }

    public static Property of(double value) {
        return of(JsonNodeFactory.instance.numberNode(value));
    }

    public static Property of(long value) {
        return of(JsonNodeFactory.instance.numberNode(value));
    }

    public static Property of(boolean value) {
        return of(JsonNodeFactory.instance.booleanNode(value));
    }

    /** A copy of the value. */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    public Property withUnitCode(String code) {
        return new Property(value, Optional.of(code), meta);
    }

    public Property withMeta(AttributeMeta newMeta) {
        return new Property(value, unitCode, newMeta);
    }

    @Override
    public String kind() {
        return "Property";
    }

    @Override
    public Property withoutSystemTimes() {
        return withMeta(meta.withoutSystemTimes());
    }
}
