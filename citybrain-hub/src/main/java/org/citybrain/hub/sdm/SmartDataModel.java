package org.citybrain.hub.sdm;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One Smart Data Model as shipped: the entity type it describes and what its schema says about
 * attribute kinds.
 *
 * @param type                   the entity type, e.g. {@code TrafficFlowObserved}
 * @param folder                 its folder under the sdm directory (usually equal to the type)
 * @param schemaId               the {@code $id} of its schema.json (a URL that is never fetched)
 * @param relationshipAttributes attributes the schema marks as {@code Relationship.}
 */
public record SmartDataModel(String type, String folder, URI schemaId, Set<String> relationshipAttributes) {

    public SmartDataModel {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(schemaId, "schemaId");
        relationshipAttributes = Set.copyOf(relationshipAttributes);
    }
}
