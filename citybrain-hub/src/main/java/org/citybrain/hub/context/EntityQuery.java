package org.citybrain.hub.context;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.citybrain.hub.entity.Entity;

/**
 * What {@link ContextStore#query} selects (5.7.2): all given conditions hold.
 *
 * @param types     entity types, any of them; empty set means any type
 * @param ids       entity ids, any of them; empty set means any id
 * @param idPattern a regular expression the whole id matches
 * @param attrs     entities having at least one of these attributes; the result keeps only these
 *                  attributes (projection); empty set means all attributes, no condition
 * @param filter    further conditions (the {@code q} and {@code geoQ} of the request), evaluated
 *                  on the entity with its current values
 * @param offset    entities to skip, ≥ 0
 * @param limit     page size, ≥ 0 (0 with {@code count} asks for the count only)
 * @param count     whether to count all matches ({@link Page#total()})
 */
public record EntityQuery(Set<String> types, Set<URI> ids, Optional<Pattern> idPattern, Set<String> attrs,
        Optional<Predicate<Entity>> filter, int offset, int limit, boolean count) {

    public EntityQuery {
        types = Set.copyOf(types);
        ids = Set.copyOf(ids);
        Objects.requireNonNull(idPattern, "idPattern");
        attrs = Set.copyOf(attrs);
        Objects.requireNonNull(filter, "filter");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
    }

    /** Entities of one type, first page of 20 (the NGSI-LD default limit). */
    public static EntityQuery ofType(String type) {
        return new EntityQuery(Set.of(type), Set.of(), Optional.empty(), Set.of(), Optional.empty(), 0, 20, false);
    }
}
