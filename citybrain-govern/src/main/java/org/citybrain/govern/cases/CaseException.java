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
        /** The case log could not be written (500): nothing was changed. */
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

    public Kind kind() {
        return kind;
    }
}
