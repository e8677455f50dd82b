package org.citybrain.hub.context;

import java.util.List;

/** An attribute name, how many entities have it, and the entity types that have it, sorted. */
public record AttributeInfo(String name, long attributeCount, List<String> typeNames) {

    public AttributeInfo {
        typeNames = List.copyOf(typeNames);
    }
}
