package org.citybrain.server.context;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.citybrain.hub.entity.Entity;

/**
 * The JSON bytes of entities as last served, per {@link Form}, so that retrieving an unchanged
 * entity again costs a map look-up instead of compaction and JSON writing.
 *
 * <h2>Never stale</h2>
 * The caller first reads the entity from the store, then asks for its bytes with that entity in
 * hand. An entry is served only if the entity it was made from is that entity: the same instance
 * (the store's entities are immutable and replaced on every write, so a write always makes a new
 * one) or, where the store builds a fresh copy per read (telemetry laid over the stored values),
 * an equal one. Any change, from the API or from a device, therefore misses and renders anew; no
 * change feed or invalidation message is involved, so none can be late or lost.
 *
 * <h2>Bounded</h2>
 * At most {@code maxBytes} of rendered JSON (plus a fixed allowance per entry) is kept. Past it,
 * entries are evicted in the map's order (no recency is tracked: a look-up stays free of writes)
 * until a quarter of the room is free. {@code maxBytes} 0 keeps nothing.
 *
 * <p>Thread-safe; entries are immutable, so a racing reader sees a whole old one or a whole new one.
 */
final class RenderedEntities {
    /** What an entry costs beyond its bytes: map node, key, record, arrays. */
    static final int ENTRY_OVERHEAD = 160;

    /** The cached representations: the core context only, no projection, no system attributes. */
    enum Form {
        NORMALIZED,
        KEY_VALUES,
        NORMALIZED_LD,
        KEY_VALUES_LD;

        static Form of(boolean keyValues, boolean ldJson) {
            return keyValues ? (ldJson ? KEY_VALUES_LD : KEY_VALUES) : (ldJson ? NORMALIZED_LD : NORMALIZED);
        }
    }

    private static final int FORMS = Form.values().length;

    /** One entity as rendered, from {@code source}; a slot is null until that form is asked for. */
    private record Entry(Entity source, byte[][] forms, int bytes) {
    }

    private final ConcurrentHashMap<URI, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean evicting = new AtomicBoolean();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final long maxBytes;

    RenderedEntities(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("citybrain.entity-cache-bytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * The bytes of {@code current} in {@code form}: cached if they were made from this very entity
     * (or an equal one), else {@code render}ed now and kept.
     *
     * @param current the entity as the store gives it now
     */
    byte[] get(Entity current, Form form, Supplier<byte[]> render) {
        Entry entry = entries.get(current.id());
        boolean same = entry != null && (entry.source() == current || entry.source().equals(current));
        if (same && entry.forms()[form.ordinal()] != null) {
            hits.incrementAndGet();
            return entry.forms()[form.ordinal()];
        }
        misses.incrementAndGet();
        byte[] rendered = render.get();
        if (maxBytes == 0) {
            return rendered;
        }
        byte[][] forms = same ? entry.forms().clone() : new byte[FORMS][];
        forms[form.ordinal()] = rendered;
        Entry updated = new Entry(current, forms, (same ? entry.bytes() : ENTRY_OVERHEAD) + rendered.length);
        Entry replaced = entries.put(current.id(), updated);
        if (bytes.addAndGet(updated.bytes() - (replaced == null ? 0 : replaced.bytes())) > maxBytes) {
            evict();
        }
        return rendered;
    }

    /** Drops what is kept of {@code id} (it was deleted or not found): memory only, never needed for correctness. */
    void forget(URI id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            bytes.addAndGet(-removed.bytes());
        }
    }

    private void evict() {
        if (!evicting.compareAndSet(false, true)) {
            return; // another thread is at it
        }
        try {
            long target = maxBytes - maxBytes / 4;
            Iterator<Map.Entry<URI, Entry>> it = entries.entrySet().iterator();
            while (bytes.get() > target && it.hasNext()) {
                Map.Entry<URI, Entry> e = it.next();
                if (entries.remove(e.getKey(), e.getValue())) {
                    bytes.addAndGet(-e.getValue().bytes());
                }
            }
        } finally {
            evicting.set(false);
        }
    }

    /** Bytes kept now, with the allowance per entry. */
    long bytes() {
        return bytes.get();
    }

    /** Entities kept now. */
    int size() {
        return entries.size();
    }

    /** Answers served from the cache since it was made. */
    long hits() {
        return hits.get();
    }

    /** Answers rendered since it was made. */
    long misses() {
        return misses.get();
    }
}
