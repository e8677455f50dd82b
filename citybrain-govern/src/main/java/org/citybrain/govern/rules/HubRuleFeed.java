package org.citybrain.govern.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.SeriesKey;

/**
 * Feeds the rules engine from the hub: a {@link org.citybrain.hub.context.ChangeFeed} listener.
 *
 * <h2>Incremental</h2>
 * A telemetry change carries its durable readings ({@link EntityChange#readings()}); each numeric
 * one of a watched attribute goes to the engine as it is, with no store read. The store is read
 * only to <b>catch up</b> a series, once, from where the engine's state says it was evaluated up
 * to (or from {@code since} for a series it does not know):
 * <ul>
 *   <li>after a start: on the series' first change, or at once for every entity the engine's
 *       restored state knows ({@link #catchUp()}), so that readings made durable before a crash and
 *       never evaluated (a clearing, say) are not lost;</li>
 *   <li>after the change feed dropped changes under overload ({@code dropped} counts them): every
 *       series on its next change, so a dropped change costs one store read, never a lost reading;
 *       and, once the feed is idle again, every series seen so far at once
 *       ({@link #catchUpIfDropped()}), so that a series whose last change was dropped is not left
 *       waiting for a change that may never come; and so are the series of the entities whose
 *       dropped changes the feed told of ({@link #dropped}), also those the rules never heard of
 *       (a sensor whose first changes were all dropped): up to {@value #MAX_DROPPED_IDS} entities
 *       between two catch-ups; beyond that only the series seen so far are caught up at once, the
 *       others on their next change or at the next start.</li>
 * </ul>
 *
 * <p>Names: the hub stores attribute and type names expanded; rules name them by their term.
 * A reading's name is matched by its last segment (after the last {@code /} or {@code #}), so
 * {@code pm25} matches {@code https://smart-data-models.github.io/data-models/terms.jsonld#/definitions/pm25}
 * and {@code https://uri.etsi.org/ngsi-ld/default-context/pm25} alike.
 *
 * <p>Entities: a created entity is {@linkplain RuleEngine#expect expected} by the absence rules of
 * its type; a deleted one is {@linkplain RuleEngine#forget forgotten}.
 *
 * <p>Readings observed before {@code since} of a series the engine does not know are never
 * evaluated: a restarted server does not raise the alerts of old history again.
 */
public final class HubRuleFeed implements Consumer<EntityChange> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");
    /** Entities whose dropped changes are remembered between two catch-ups (about 100 bytes each). */
    static final int MAX_DROPPED_IDS = 100_000;

    private final Ingestor ingestor;
    private final RuleEngine engine;
    private final Instant since;
    private final LongSupplier dropped;
    /** The epoch in which each series was last caught up from the store; a new epoch catches all up again. */
    private final Map<SeriesKey, Cursor> caughtUp = new HashMap<>();
    private final Map<String, String> terms = new HashMap<>();
    /** Entities whose telemetry changes the feed dropped since the last catch-up (written by publishing threads). */
    private final java.util.Set<URI> droppedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long epoch = 1;
    private long droppedSeen;
    /** Whether the feed dropped changes since {@link #catchUpIfDropped()} last caught everything up. */
    private boolean dropsPending;
    private long changes;
    private long storeReads;
    private volatile long lastLagNanos;
    private volatile long maxLagNanos;

    /**
     * @param since   readings of a series the engine has no state for are evaluated from here on
     * @param dropped how many changes the feed has dropped so far ({@code ChangeFeed::overflowed})
     */
    public HubRuleFeed(Ingestor ingestor, RuleEngine engine, Instant since, LongSupplier dropped) {
        this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.since = Objects.requireNonNull(since, "since");
        this.dropped = Objects.requireNonNull(dropped, "dropped");
        this.droppedSeen = dropped.getAsLong();
    }

    /**
     * Notes a change the feed dropped ({@code ChangeFeed::addDropListener}): its entity's series are
     * caught up by the next {@link #catchUpIfDropped()}. Never blocks.
     */
    public void dropped(EntityChange change) {
        if (change.kind() == EntityChange.Kind.UPDATED && !change.readings().isEmpty()
                && droppedIds.size() < MAX_DROPPED_IDS) {
            droppedIds.add(change.id());
        }
    }

    /** A feed on a change feed that never drops. */
    public HubRuleFeed(Ingestor ingestor, RuleEngine engine, Instant since) {
        this(ingestor, engine, since, () -> 0);
    }

    @Override
    public synchronized void accept(EntityChange change) {
        changes++;
        switch (change.kind()) {
            case CREATED -> engine.expect(change.id(), term(change.type()), Instant.now());
            case DELETED -> engine.forget(change.id(), Instant.now());
            case UPDATED -> updated(change);
        }
        long lag = System.nanoTime() - change.durableNanos();
        lastLagNanos = lag;
        if (lag > maxLagNanos) {
            maxLagNanos = lag;
        }
    }

    private void updated(EntityChange change) {
        if (change.readings().isEmpty()) {
            return; // a write through the context API: not telemetry
        }
        noticeDrops();
        String type = term(change.type());
        List<Reading> readings = change.readings();
        if (readings.size() == 1) {
            Reading r = readings.get(0);
            String name = term(r.attribute());
            if (engine.watches(name)) {
                evaluate(type, name, r, cursor(change.id(), type, r.attribute(), name));
            }
            return;
        }
        Map<String, Cursor> cursors = new HashMap<>();
        for (Reading r : readings) {
            String name = term(r.attribute());
            if (engine.watches(name)) {
                evaluate(type, name, r, cursors.computeIfAbsent(r.attribute(), a -> cursor(change.id(), type, a, name)));
            }
        }
    }

    private void evaluate(String type, String name, Reading r, Cursor cursor) {
        long t = r.observedAt().toEpochMilli();
        if (t <= cursor.readUntil) {
            return; // read from the store by the catch-up (this change's readings, or ones queued behind it)
        }
        if (!r.observedAt().isBefore(since) || engine.evaluatedUntil(r.entityId(), type, name).isPresent()) {
            engine.accept(r.entityId(), type, name, t, numericValue(r.value()));
        }
    }

    /** Where a series stands: the epoch it was last caught up in, and the latest reading that read. */
    private static final class Cursor {
        final String type;
        final String name;
        long epoch;
        long readUntil = Long.MIN_VALUE;

        Cursor(String type, String name) {
            this.type = type;
            this.name = name;
        }
    }

    /** The series' cursor, caught up from the store first if it has not been in this epoch. */
    private Cursor cursor(URI entity, String type, String attribute, String name) {
        SeriesKey key = new SeriesKey(entity, attribute);
        Cursor cursor = caughtUp.get(key);
        if (cursor == null) {
            cursor = new Cursor(type, name);
            caughtUp.put(key, cursor);
        } else if (cursor.epoch == epoch) {
            return cursor;
        }
        cursor.epoch = epoch;
        Instant from = engine.evaluatedUntil(entity, type, name).orElse(since);
        storeReads++;
        for (Reading r : ingestor.history(entity, attribute, from, FAR_FUTURE)) {
            long t = r.observedAt().toEpochMilli();
            engine.replay(entity, type, name, t, numericValue(r.value()));
            cursor.readUntil = Math.max(cursor.readUntil, t);
        }
        return cursor;
    }

    /**
     * Catches up at once every watched series of every entity the engine has state for (after a
     * restart from a checkpoint), instead of on each series' next change: readings made durable
     * before a crash and never evaluated are evaluated now even if the entity never reports again.
     *
     * @return the series caught up
     */
    public synchronized int catchUp() {
        int n = 0;
        for (RuleEngine.Watched w : engine.watched()) {
            for (Map.Entry<String, Reading> current : ingestor.current(w.entityId()).entrySet()) {
                String name = term(current.getKey());
                if (engine.watches(name)) {
                    cursor(w.entityId(), w.entityType(), current.getKey(), name);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * If the change feed dropped changes since this was last done, catches every series this feed
     * has seen up from the store now, rather than each on its next change; series already caught up
     * since the drops are left alone. Meant for when the feed is idle again: under continuing
     * overload the lazy catch-up keeps store reads to the series that change.
     *
     * @return the series caught up from the store (0 if nothing was dropped)
     */
    public synchronized int catchUpIfDropped() {
        noticeDrops();
        if (!dropsPending && droppedIds.isEmpty()) { // an id may be noted just after its drop was counted
            return 0;
        }
        dropsPending = false;
        int n = 0;
        for (Map.Entry<SeriesKey, Cursor> e : List.copyOf(caughtUp.entrySet())) {
            Cursor c = e.getValue();
            if (c.epoch != epoch) {
                cursor(e.getKey().entityId(), c.type, e.getKey().attribute(), c.name);
                n++;
            }
        }
        for (URI id : List.copyOf(droppedIds)) {
            droppedIds.remove(id);
            for (Map.Entry<String, Reading> current : ingestor.current(id).entrySet()) {
                String name = term(current.getKey());
                Cursor c = caughtUp.get(new SeriesKey(id, current.getKey()));
                if (engine.watches(name) && (c == null || c.epoch != epoch)) { // a series the rules never heard of
                    cursor(id, term(current.getValue().entityType()), current.getKey(), name);
                    n++;
                }
            }
        }
        return n;
    }

    /** A new epoch (every series to be caught up again) if the feed dropped changes since last seen. */
    private void noticeDrops() {
        long d = dropped.getAsLong();
        if (d != droppedSeen) {
            droppedSeen = d;
            epoch++;
            dropsPending = true;
        }
    }

    /** Changes handled so far. */
    public synchronized long changes() {
        return changes;
    }

    /** Series caught up from the store so far (after a start and after the feed dropped changes). */
    public synchronized long storeReads() {
        return storeReads;
    }

    /** How long after it became durable the last change was evaluated, in nanoseconds. */
    public long lagNanos() {
        return lastLagNanos;
    }

    /** The longest {@link #lagNanos()} so far. */
    public long maxLagNanos() {
        return maxLagNanos;
    }

    /** The term of an expanded name: its last segment, after the last {@code /} or {@code #}. */
    public static String termOf(String name) {
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('#'));
        return cut < 0 ? name : name.substring(cut + 1);
    }

    private String term(String name) {
        String t = terms.get(name);
        if (t == null) {
            t = termOf(name);
            if (terms.size() < 100_000) {
                terms.put(name, t);
            }
        }
        return t;
    }

    /** The number in a reading's normalized JSON ({@code {"type":"Property","value":12.5}}), or NaN. */
    static double numericValue(String json) {
        int at = json.indexOf("\"value\":");
        if (at >= 0) {
            int start = at + 8;
            int end = start;
            while (end < json.length() && "+-.0123456789eE".indexOf(json.charAt(end)) >= 0) {
                end++;
            }
            if (end > start && end < json.length() && (json.charAt(end) == ',' || json.charAt(end) == '}')) {
                try {
                    return Double.parseDouble(json.substring(start, end));
                } catch (NumberFormatException e) {
                    // not a plain number after all: read it properly below
                }
            }
        }
        try {
            JsonNode v = JSON.readTree(json).path("value");
            return v.isNumber() ? v.asDouble() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
