package org.citybrain.govern.rules;

/** A rule or rule set that cannot be used; the message says what, where (JSON path) and why. */
public final class RuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RuleException(String message) {
        super(message);
    }
}
