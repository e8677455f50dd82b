package org.citybrain.hub.sdm;

import java.util.List;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.ErrorCode;

/**
 * An entity breaks its Smart Data Model: NGSI-LD BadRequestData, code
 * {@link ErrorCode#SCHEMA_VIOLATION}, at the path of the first {@link Violation}; all of them are
 * in {@link #violations()}.
 */
public final class SchemaViolationException extends BadRequestDataException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public SchemaViolationException(String entityType, List<Violation> violations) {
        super(ErrorCode.SCHEMA_VIOLATION, first(violations).path(),
                "breaks Smart Data Model " + entityType + ": " + violations);
        this.violations = List.copyOf(violations);
    }

    private static Violation first(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("no violations");
        }
        return violations.get(0);
    }

    public List<Violation> violations() {
        return violations;
    }
}
