package org.citybrain.hub.context;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.citybrain.hub.entity.Entity;

/**
 * An entity as the store keeps it, with the floors below which readings are not shown.
 *
 * @param entity the entity as written through the API, with system times
 * @param floors attributes deleted through the API (deleted, or dropped by a replace) and when: a
 *               reading of such an attribute shows again only if observed after that time. Under
 *               {@link #DELETED}, the floor of every other attribute: when an entity of the same
 *               id was last deleted before this one was created ({@link Instant#MIN} if never), so
 *               that a new entity shows the readings observed before its creation but never the
 *               deleted one's. Entities stored before that key existed have none: for them the
 *               entity's {@code createdAt} is the floor of every other attribute.
 */
record Stored(Entity entity, Map<String, Instant> floors) {
    /** The key of the entity's own floor in {@link #floors} (never an attribute name: those cannot start with '@'). */
    static final String DELETED = "@deleted";

    Stored {
        Objects.requireNonNull(entity, "entity");
        floors = Collections.unmodifiableMap(new LinkedHashMap<>(floors));
    }

    String key() {
        return entity.id().toString();
    }

    /** The time after which a reading of {@code attribute} is shown. */
    Instant floor(String attribute) {
        Instant floor = floors.get(attribute);
        if (floor != null) {
            return floor;
        }
        Instant deleted = floors.get(DELETED);
        return deleted != null ? deleted : entity.createdAt().orElse(Instant.MIN);
    }
}
