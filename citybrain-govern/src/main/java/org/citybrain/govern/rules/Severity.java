package org.citybrain.govern.rules;

import java.util.Locale;

/** How serious an alert is: the Smart Data Models {@code Alert.severity} values, least first. */
public enum Severity {
    INFORMATIONAL,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The Smart Data Models spelling, e.g. {@code "informational"}. */
    public String sdmName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity spelled {@code name} (any case). */
    public static Severity parse(String name) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + name + "' (informational, low, medium, high, critical)");
    }
}
