package org.citybrain.hub.context;

import java.util.List;

/**
 * Outcome of an attribute append or update (NGSI-LD UpdateResult, 5.2.18): the attribute names
 * that were changed and those that were not, each with the reason.
 */
public record UpdateResult(List<String> updated, List<NotUpdated> notUpdated) {

    public UpdateResult {
        updated = List.copyOf(updated);
        notUpdated = List.copyOf(notUpdated);
    }

    /** An attribute that was not changed, and why. */
    public record NotUpdated(String attributeName, String reason) {
    }

    public boolean complete() {
        return notUpdated.isEmpty();
    }
}
