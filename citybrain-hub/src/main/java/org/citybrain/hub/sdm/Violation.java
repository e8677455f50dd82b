package org.citybrain.hub.sdm;

import java.util.Objects;

/**
 * One way an entity breaks its Smart Data Model.
 *
 * @param path    JSON path into the entity's simplified (keyValues) form, e.g. {@code $.intensity};
 *                for a missing attribute, the path it should have had
 * @param rule    the JSON Schema rule broken, keyword and its argument, e.g. {@code minimum 0},
 *                {@code required}, {@code enum [free, occupied]}, {@code format date-time}
 * @param message the validator's human sentence
 */
public record Violation(String path, String rule, String message) {

    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** {@code $.intensity: minimum 0}. */
    @Override
    public String toString() {
        return path + ": " + rule;
    }
}
