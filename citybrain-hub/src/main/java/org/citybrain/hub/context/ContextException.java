package org.citybrain.hub.context;

import java.util.Objects;
import org.citybrain.hub.entity.ProblemType;

/**
 * A context operation that cannot be done as asked: the entity or attribute is missing, or the
 * entity already exists. Carries the NGSI-LD problem type the server answers with.
 */
public final class ContextException extends RuntimeException {

    /** Why the operation failed. */
    public enum Kind {
        NOT_FOUND(ProblemType.RESOURCE_NOT_FOUND),
        ALREADY_EXISTS(ProblemType.ALREADY_EXISTS);

        private final ProblemType problemType;

        Kind(ProblemType problemType) {
            this.problemType = problemType;
        }

        public ProblemType problemType() {
            return problemType;
        }
    }

    private final Kind kind;

    public ContextException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
    }

    public static ContextException notFound(String message) {
        return new ContextException(Kind.NOT_FOUND, message);
    }

    public static ContextException alreadyExists(String message) {
        return new ContextException(Kind.ALREADY_EXISTS, message);
    }

    public Kind kind() {
        return kind;
    }

    public ProblemType problemType() {
        return kind.problemType();
    }
}
