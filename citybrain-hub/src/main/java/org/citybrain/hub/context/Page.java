package org.citybrain.hub.context;

import java.util.List;
import java.util.OptionalLong;
import org.citybrain.hub.entity.Entity;

/**
 * One page of a query's entities, and the number of all matches when it was asked for.
 */
public record Page(List<Entity> entities, OptionalLong total) {

    public Page {
        entities = List.copyOf(entities);
    }
}
