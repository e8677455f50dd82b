package org.citybrain.govern.cases;

/**
 * Where a case is in its lifecycle: reported → registered → dispatched → accepted → in progress →
 * handled → verified → closed, or rejected as not a case. {@link Action} says which moves exist.
 */
public enum CaseStatus {
    REPORTED,
    REGISTERED,
    DISPATCHED,
    ACCEPTED,
    IN_PROGRESS,
    HANDLED,
    VERIFIED,
    CLOSED,
    REJECTED;

    /** Closed or rejected: no action but none applies any more. */
    public boolean terminal() {
        return this == CLOSED || this == REJECTED;
    }
}
