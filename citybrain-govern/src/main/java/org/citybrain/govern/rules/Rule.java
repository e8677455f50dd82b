package org.citybrain.govern.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One early-warning rule: which series it watches, what it looks for, and what the alert says.
 *
 * @param id          unique within a rule set: letters, digits, {@code - _ .}
 * @param name        human-readable; the alert's description starts with it
 * @param entityType  the entity type watched, or empty for every type
 * @param attribute   the attribute watched (a number)
 * @param condition   what counts as a breach
 * @param severity    the alert's severity
 * @param category    the alert's Smart Data Models category ({@code environment}, {@code traffic}, ...)
 * @param subCategory the alert's sub-category ({@code airPollution}, ...), or empty
 * @param suppression after an alert clears, a new breach within this long re-opens the same alert
 *                    instead of raising another (one episode, one alert, even when it flickers)
 */
public record Rule(String id, String name, Optional<String> entityType, String attribute, Condition condition,
        Severity severity, String category, Optional<String> subCategory, Duration suppression) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public Rule {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id must be 1-128 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit: '" + id + "'");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(attribute, "attribute");
        if (attribute.isBlank()) {
            throw new IllegalArgumentException("attribute cannot be blank");
        }
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(subCategory, "subCategory");
        Objects.requireNonNull(suppression, "suppression");
        if (suppression.isNegative()) {
            throw new IllegalArgumentException("suppression must not be negative: " + suppression);
        }
    }
}
