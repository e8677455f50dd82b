package org.citybrain.hub.context;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.AttributeMeta;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.SeriesKey;

/**
 * Telemetry on top of the stored entities: each attribute shows the value with the latest time
 * among the stored attribute ({@link Attributes#time}) and the current reading of that attribute,
 * the stored one winning a tie. A reading counts only if observed after the attribute's floor
 * ({@link Stored#floor}): readings from before the attribute was deleted, or before an earlier
 * entity of the same id was deleted, stay history. A value from a reading carries the reading's {@code observedAt} and
 * the stored attribute's system times (none for an attribute only readings have).
 *
 * <p>Readings are parsed once: the last parsed reading of every series is cached.
 */
final class Overlay {
    private static final ReadOptions READ = ReadOptions.strict();

    private final ReadingStore readings;
    private final ConcurrentHashMap<SeriesKey, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(Reading reading, Optional<Attribute> attribute) {
    }

    Overlay(ReadingStore readings) {
        this.readings = readings;
    }

    /** The entity with its current values, asked of the ReadingStore. */
    Entity merge(Stored stored) {
        return merge(stored, readings.current(stored.entity().id()));
    }

    /**
     * The entity with {@code current} laid over it: the ReadingStore's current values of the
     * entity's attributes, by name, however the caller fetched them (a store that reads them in
     * the same statement as the entity passes them here, so that the rules stay in one place).
     */
    Entity merge(Stored stored, Map<String, Reading> current) {
        // no isEmpty() first: on a view of the embedded index that is a walk of its own, and an
        // entity without telemetry (or whose readings are older than its own values) costs one walk
        Merge merge = new Merge(stored);
        current.forEach(merge); // forEach: a view of the embedded index makes no entry objects
        return merge.result();
    }

    /** One merge: the attributes are copied only once a reading replaces one. */
    private final class Merge implements BiConsumer<String, Reading> {
        private final Stored stored;
        private Map<String, Attribute> attributes;

        Merge(Stored stored) {
            this.stored = stored;
        }

        @Override
        public void accept(String name, Reading reading) {
            Optional<Attribute> newer = newer(stored, name, reading);
            if (newer.isPresent()) {
                if (attributes == null) {
                    attributes = new LinkedHashMap<>(stored.entity().attributes());
                }
                attributes.put(name, newer.get());
            }
        }

        Entity result() {
            Entity entity = stored.entity();
            return attributes == null ? entity
                    : new Entity(entity.id(), entity.type(), attributes, entity.context(), entity.createdAt(), entity.modifiedAt());
        }
    }

    /**
     * The telemetry of one entity for the rules of a write: from {@code current}, its current
     * readings as read with its row, or (null) from the ReadingStore, asked by each question.
     */
    Telemetry telemetry(URI id, Map<String, Reading> current) {
        return new Telemetry(id, current);
    }

    /** What {@link #names} and {@link #attribute} answer for any state of one entity, from one set of current readings. */
    final class Telemetry {
        private final URI id;
        private final Map<String, Reading> current;

        private Telemetry(URI id, Map<String, Reading> current) {
            this.id = id;
            this.current = current;
        }

        Set<String> names(Stored state) {
            requireSame(state);
            return current == null ? Overlay.this.names(state) : Overlay.this.names(state, current);
        }

        Optional<Attribute> attribute(Stored state, String name) {
            requireSame(state);
            return current == null ? Overlay.this.attribute(state, name) : Overlay.this.attribute(state, name, current.get(name));
        }

        private void requireSame(Stored state) {
            if (!state.entity().id().equals(id)) {
                throw new IllegalArgumentException("the telemetry of " + id + " asked about " + state.entity().id());
            }
        }
    }

    /** The current value of one attribute, if the entity has it. */
    Optional<Attribute> attribute(Stored stored, String name) {
        return attribute(stored, name, readings.latest(stored.entity().id(), name).orElse(null));
    }

    /** The current value of one attribute given its current reading (null: none). */
    private Optional<Attribute> attribute(Stored stored, String name, Reading latest) {
        Optional<Attribute> own = Optional.ofNullable(stored.entity().attributes().get(name));
        return Optional.ofNullable(latest)
                .flatMap(r -> newer(stored, name, r))
                .or(() -> own);
    }

    /** The names of the attributes the entity shows, without parsing any reading. */
    Set<String> names(Stored stored) {
        return names(stored, readings.current(stored.entity().id()));
    }

    /** {@link #names(Stored)} with {@code current} as the entity's current readings, however the caller fetched them. */
    Set<String> names(Stored stored, Map<String, Reading> current) {
        Set<String> names = new LinkedHashSet<>(stored.entity().attributes().keySet());
        current.forEach((name, r) -> {
            if (r.observedAt().isAfter(stored.floor(name))) {
                names.add(name);
            }
        });
        return names;
    }

    private Optional<Attribute> newer(Stored stored, String name, Reading reading) {
        if (!reading.observedAt().isAfter(stored.floor(name))) {
            return Optional.empty();
        }
        Attribute own = stored.entity().attributes().get(name);
        if (own != null && !reading.observedAt().isAfter(Attributes.time(own))) {
            return Optional.empty();
        }
        return parse(reading).map(value -> {
            AttributeMeta meta = value.meta();
            AttributeMeta withTimes = own == null ? meta : new AttributeMeta(meta.observedAt(), meta.datasetId(),
                    meta.subAttributes(), own.meta().createdAt(), own.meta().modifiedAt());
            return Attributes.withMeta(value, withTimes);
        });
    }

    /** The reading's value with its observedAt; empty if it is not a readable attribute. */
    private Optional<Attribute> parse(Reading reading) {
        SeriesKey key = reading.series();
        Parsed cached = parsed.get(key);
        if (cached != null && (cached.reading() == reading || cached.reading().equals(reading))) {
            return cached.attribute();
        }
        Optional<Attribute> attribute;
        try {
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            wrapper.put("id", reading.entityId().toString());
            wrapper.put("type", reading.entityType());
            wrapper.set(reading.attribute(), EntityJson.parse(reading.value()));
            Attribute value = EntityJson.read(wrapper, Representation.NORMALIZED, READ).attributes().get(reading.attribute());
            attribute = Optional.ofNullable(value)
                    .map(a -> Attributes.withMeta(a, a.meta().withObservedAt(reading.observedAt())));
        } catch (NgsiLdException | IllegalArgumentException e) {
            // the ingestor stores only what EntityJson reads; anything else is not shown
            attribute = Optional.empty();
        }
        parsed.put(key, new Parsed(reading, attribute));
        return attribute;
    }
}
