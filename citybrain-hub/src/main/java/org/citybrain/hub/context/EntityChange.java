package org.citybrain.hub.context;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.citybrain.hub.store.Reading;

/**
 * One entity changed, durably: what the {@link ChangeFeed} carries from the writers (the context
 * store, the ingestor) to its listeners (subscriptions). It names the change, not the new state:
 * a listener that needs the state reads it from the store ({@link ContextStore#find}), which also
 * lays the latest telemetry over it.
 *
 * @param id          the entity
 * @param type        its type (expanded, as stored)
 * @param attributes  the attributes the write added, replaced or removed (expanded names); for a
 *                    creation every attribute, for telemetry those the payload carried
 * @param kind        what happened to the entity
 * @param durableNanos {@link System#nanoTime()} when the write became durable, to measure how long
 *                    a notification took
 * @param readings    for telemetry, the durable readings of this entity the payload carried, in
 *                    the payload's order, so that a listener that evaluates values (the rules)
 *                    needs no store read; empty for changes made through the context API
 */
public record EntityChange(URI id, String type, Set<String> attributes, Kind kind, long durableNanos,
        List<Reading> readings) {

    /** What happened to the entity. */
    public enum Kind {
        CREATED,
        UPDATED,
        DELETED
    }

    public EntityChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        attributes = Set.copyOf(attributes);
        Objects.requireNonNull(kind, "kind");
        readings = List.copyOf(readings);
    }

    /** A change that carries no readings (a write through the context API). */
    public EntityChange(URI id, String type, Set<String> attributes, Kind kind, long durableNanos) {
        this(id, type, attributes, kind, durableNanos, List.of());
    }
}
