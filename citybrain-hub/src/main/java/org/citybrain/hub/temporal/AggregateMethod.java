package org.citybrain.hub.temporal;

import java.util.Optional;

/**
 * The NGSI-LD aggregation methods the hub computes (clause 4.5.19): all but {@code distinctCount}.
 * Every method but {@link #TOTAL_COUNT} takes numeric values only and ignores the others.
 */
public enum AggregateMethod {
    TOTAL_COUNT("totalCount"),
    SUM("sum"),
    AVG("avg"),
    MIN("min"),
    MAX("max"),
    STDDEV("stddev"),
    SUMSQ("sumsq");

    private final String ngsiLdName;

    AggregateMethod(String ngsiLdName) {
        this.ngsiLdName = ngsiLdName;
    }

    /** The name in {@code aggrMethods} and in the aggregated representation. */
    public String ngsiLdName() {
        return ngsiLdName;
    }

    public static Optional<AggregateMethod> byName(String name) {
        for (AggregateMethod m : values()) {
            if (m.ngsiLdName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
