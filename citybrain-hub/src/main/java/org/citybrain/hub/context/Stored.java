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
 *               reading of such an attribute shows again only if observed after that time. The
 *               entity's {@code createdAt} is the floor of every other attribute.
 */
record Stored(Entity entity, Map<String, Instant> floors) {

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
        return floor != null ? floor : entity.createdAt().orElse(Instant.MIN);
    }
}
