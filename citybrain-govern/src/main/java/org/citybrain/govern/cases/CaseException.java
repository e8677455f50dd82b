package org.citybrain.govern.cases;

/** A case operation that cannot be done; {@link #kind()} is its stable code, mapped to HTTP by the server. */
public final class CaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** No case with that id (404). */
        NOT_FOUND,
        /** The case changed since the caller read it: the expected version is stale (409). */
        CONFLICT,
        /** The action does not apply to the case's status (409). */
        ILLEGAL_TRANSITION,
        /** The request is incomplete or wrong (400). */
        INVALID,
        /** The store could not be read or written (503): nothing was changed. */
        STORAGE
    }

    private final Kind kind;

    public CaseException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CaseException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The answer to an action on a stale version: {@code current} is the case as it stands. */
    public static CaseException conflict(Case current, long expectedVersion) {
        return new CaseException(Kind.CONFLICT, "case " + current.id() + " is at version " + current.version() + ", not "
                + expectedVersion + ": someone acted on it first (" + current.status() + "); read it again");
    }

    public Kind kind() {
        return kind;
    }
}
