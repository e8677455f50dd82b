package org.citybrain.govern.cases;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
public record Category(String code, String name, String deadlineClass, Optional<String> group, Optional<String> description,
        List<Attribute> attributes) {

    /**
     * A question the reporter answers (an Open311 service attribute).
     *
     * @param datatype {@code string}, {@code number}, {@code datetime}, {@code text}, {@code singlevaluelist} or {@code multivaluelist}
     * @param values   for the lists: key to name, in order
     */
    public record Attribute(String code, String datatype, boolean required, String description, Map<String, String> values) {
        private static final Set<String> TYPES = Set.of("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist");

        public Attribute {
            Objects.requireNonNull(code, "code");
            if (!TYPES.contains(datatype)) {
                throw new IllegalArgumentException("attribute " + code + ": datatype '" + datatype + "' is not one of " + TYPES);
            }
            Objects.requireNonNull(description, "description");
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }
    }

    public Category(String code, String name, String deadlineClass, Optional<String> group, Optional<String> description) {
        this(code, name, deadlineClass, group, description, List.of());
    }

    public Category {
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deadlineClass, "deadlineClass");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(description, "description");
    }
}
