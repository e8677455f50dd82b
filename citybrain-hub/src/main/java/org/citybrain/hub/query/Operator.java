package org.citybrain.hub.query;

/** The comparison operators of the NGSI-LD query language (clause 4.9). */
enum Operator {
    EQUAL("=="), UNEQUAL("!="), GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<="),
    MATCHES("~="), DOES_NOT_MATCH("!~=");

    /** Longest first, so that the parser tries {@code >=} before {@code >}. */
    static final Operator[] BY_LENGTH = {DOES_NOT_MATCH, EQUAL, UNEQUAL, GREATER_OR_EQUAL, LESS_OR_EQUAL, MATCHES,
        GREATER, LESS};

    final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    boolean isPattern() {
        return this == MATCHES || this == DOES_NOT_MATCH;
    }

    /** Whether ranges and value lists may follow: only the equality operators. */
    boolean takesRangesAndLists() {
        return this == EQUAL || this == UNEQUAL;
    }
}
