package org.citybrain.govern.cases;

import java.util.Objects;
import java.util.Optional;

/**
 * A kind of case, as citizens pick it (an Open311 service) and as deadlines know it.
 *
 * @param code          unique; the Open311 {@code service_code}
 * @param name          human-readable
 * @param deadlineClass a class of the deadline table ({@code emergency}, {@code utilities}, {@code general}, {@code complex})
 * @param group         an Open311 group, e.g. {@code environment}, or empty
 * @param description   what it covers, or empty
 */
public record Category(String code, String name, String deadlineClass, Optional<String> group, Optional<String> description) {
    public Category {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deadlineClass, "deadlineClass");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(description, "description");
    }
}
