package org.citybrain.hub.temporal;

/**
 * A temporal query whose answer would exceed a configured limit (instances or periods); nothing
 * was answered. The message says which limit and how to narrow the query.
 */
public final class TemporalLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemporalLimitException(String message) {
        super(message);
    }
}
