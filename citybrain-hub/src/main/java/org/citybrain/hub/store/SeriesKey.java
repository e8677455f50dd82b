package org.citybrain.hub.store;

import java.net.URI;
import java.util.Objects;

/** One attribute of one entity: the unit of history and of current state. */
public record SeriesKey(URI entityId, String attribute) {
    public SeriesKey {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(attribute, "attribute");
    }
}
