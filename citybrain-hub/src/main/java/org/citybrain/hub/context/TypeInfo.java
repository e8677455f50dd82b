package org.citybrain.hub.context;

import java.util.List;

/** An entity type, how many entities have it, and the attribute names they have, sorted. */
public record TypeInfo(String type, long entityCount, List<String> attributeNames) {

    public TypeInfo {
        attributeNames = List.copyOf(attributeNames);
    }
}
