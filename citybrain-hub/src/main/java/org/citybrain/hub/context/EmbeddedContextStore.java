package org.citybrain.hub.context;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.StoreException;

/**
 * The embedded {@link ContextStore}: every entity in memory, every write in an append-only log in
 * the data directory ({@link ContextLog}, format in {@link ContextRecords}), telemetry from the
 * {@link ReadingStore} laid over the stored values ({@link Overlay}). See
 * {@code docs/hub/context-store.md} and decision 0008.
 *
 * <h2>Writes</h2>
 * A write locks its entities (256 lock stripes by id; a batch locks its stripes in order),
 * computes their new states, encodes them and reads them back (what is in memory is exactly what
 * a replay gives; an entity the NGSI-LD reader would reject fails here, before anything is
 * written), appends them as one request to the log and waits for its fsync, which concurrent
 * writes share (group commit). Only then does it publish the new states. A failed entity writes
 * nothing; in a batch the others go ahead.
 *
 * <h2>History</h2>
 * After the log, every attribute the write set goes to the ReadingStore as a {@link Reading} from
 * {@value #HISTORY_SOURCE}, observed at its {@code observedAt} or else at its {@code modifiedAt}.
 * Write times come from the clock but strictly increase (by a nanosecond if the clock has not
 * moved), so two writes never share the ReadingStore's idempotence key. If the process dies
 * between the log and the ReadingStore, opening appends the missing history again (the log's MARK
 * records say how far history is known to be stored; appending is idempotent). Deleting an entity
 * or attribute keeps its history.
 *
 * <h2>Limits</h2>
 * The whole context lives in memory (a few KiB per entity). The log grows with every write and is
 * compacted only when the store opens and the log is more than twice its live entities. One
 * process per directory (a {@code LOCK} file). Entities exist only once created through this
 * store: readings of an entity nobody created stay history.
 */
public final class EmbeddedContextStore implements ContextStore {
    /** The {@code deviceId} of the readings that record API writes. */
    public static final String HISTORY_SOURCE = "ngsi-ld";
    /** Below this size the log is never compacted. */
    static final long COMPACT_MIN_BYTES = 4L << 20;
    private static final long COMPACT_SLACK_BYTES = 4096;
    private static final int STRIPES = 256;
    private static final int HISTORY_CHUNK = 10_000;

    private final ReadingStore readings;
    private final Clock clock;
    private final Overlay overlay;
    private final ConcurrentSkipListMap<String, Stored> entities = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, ConcurrentSkipListSet<String>> byType = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final AtomicReference<Instant> lastWrite = new AtomicReference<>(Instant.MIN);
    private final ContextLog log;
    private final ChangeFeed feed;

    private EmbeddedContextStore(Path directory, ReadingStore readings, Clock clock, long compactMinBytes,
            ChangeFeed changes) {
        this.readings = Objects.requireNonNull(readings, "readings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.feed = Objects.requireNonNull(changes, "changes");
        this.overlay = new Overlay(readings);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        TreeMap<Long, List<Entity>> unmarked = new TreeMap<>();
        Map<String, Integer> liveBytes = new HashMap<>();
        this.log = ContextLog.open(directory, record -> replay(record, unmarked, liveBytes));
        try {
            repairHistory(unmarked);
            entities.values().forEach(s -> s.entity().modifiedAt().ifPresent(t -> lastWrite.accumulateAndGet(t,
                    (a, b) -> a.isAfter(b) ? a : b)));
            long live = liveBytes.values().stream().mapToLong(b -> b + 8L).sum();
            // the slack keeps a log of only marks and deletions from being rewritten on every open
            if (log.size() >= compactMinBytes && log.size() > 2 * live + COMPACT_SLACK_BYTES) {
                log.compact(entities.values().stream()
                        .map(stored -> ContextRecords.put(stored.entity(), stored.floors()).payload()).toList());
            }
            log.start();
        } catch (RuntimeException | IOException e) {
            log.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("cannot compact the context log in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating if needed) the store in {@code directory}: replays its log, stores history
     * that a crash kept from the ReadingStore, and compacts the log if it is large.
     *
     * @param readings where devices' readings are (the overlay) and API writes' history goes
     * @param clock    the source of createdAt/modifiedAt
     * @throws StoreException if the directory is in use or its log is damaged
     */
    public static EmbeddedContextStore open(Path directory, ReadingStore readings, Clock clock) {
        return open(directory, readings, clock, new ChangeFeed(1));
    }

    /**
     * Like {@link #open(Path, ReadingStore, Clock)}, publishing every durable write on
     * {@code changes}: one {@link EntityChange} per entity a request changed, in the order of the
     * writes to that entity (published while the entity is still locked).
     */
    public static EmbeddedContextStore open(Path directory, ReadingStore readings, Clock clock, ChangeFeed changes) {
        return new EmbeddedContextStore(directory, readings, clock, COMPACT_MIN_BYTES, changes);
    }

    static EmbeddedContextStore open(Path directory, ReadingStore readings, Clock clock, long compactMinBytes) {
        return new EmbeddedContextStore(directory, readings, clock, compactMinBytes, new ChangeFeed(1));
    }

    /** What opening found in the log. */
    ContextLog.Recovery recovery() {
        return log.recovery();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Entity> find(URI id) {
        Stored stored = entities.get(id.toString());
        return stored == null ? Optional.empty() : Optional.of(overlay.merge(stored));
    }

    @Override
    public Page query(EntityQuery query) {
        boolean merged = query.filter().isPresent() || !query.attrs().isEmpty();
        // keys from the type index or the map itself need no look-up just to be counted
        boolean indexed = query.ids().isEmpty();
        List<Entity> page = new ArrayList<>();
        long matches = 0;
        Iterator<String> keys = candidates(query);
        while (keys.hasNext()) {
            String key = keys.next();
            if (query.idPattern().isPresent() && !query.idPattern().get().matcher(key).matches()) {
                continue;
            }
            boolean inPage = matches >= query.offset() && page.size() < query.limit();
            Stored stored = null;
            if (!indexed || merged || inPage) {
                stored = entities.get(key);
                if (stored == null || !query.types().isEmpty() && !query.types().contains(stored.entity().type())) {
                    continue; // deleted or retyped since the key was read
                }
            }
            Entity entity = merged ? overlay.merge(stored) : null;
            if (merged && !matchesMerged(query, entity)) {
                continue;
            }
            matches++;
            if (inPage) {
                page.add(project(entity != null ? entity : overlay.merge(stored), query.attrs()));
            } else if (page.size() == query.limit() && !query.count()) {
                break;
            }
        }
        return new Page(page, query.count() ? OptionalLong.of(matches) : OptionalLong.empty());
    }

    /** Keys in id order that may match: the ids asked for, else the entities of the types, else all. */
    private Iterator<String> candidates(EntityQuery query) {
        if (!query.ids().isEmpty()) {
            TreeSet<String> keys = new TreeSet<>();
            query.ids().forEach(id -> keys.add(id.toString()));
            return keys.iterator();
        }
        if (query.types().size() == 1) {
            Set<String> keys = byType.get(query.types().iterator().next());
            return keys == null ? java.util.Collections.emptyIterator() : keys.iterator();
        }
        if (!query.types().isEmpty()) {
            TreeSet<String> keys = new TreeSet<>();
            query.types().forEach(type -> keys.addAll(byType.getOrDefault(type, new ConcurrentSkipListSet<>())));
            return keys.iterator();
        }
        return entities.keySet().iterator();
    }

    private static boolean matchesMerged(EntityQuery query, Entity entity) {
        if (!query.attrs().isEmpty() && query.attrs().stream().noneMatch(entity.attributes()::containsKey)) {
            return false;
        }
        return query.filter().map(f -> f.test(entity)).orElse(true);
    }

    private static Entity project(Entity entity, Set<String> attrs) {
        if (attrs.isEmpty()) {
            return entity;
        }
        Map<String, Attribute> kept = new LinkedHashMap<>(entity.attributes());
        kept.keySet().retainAll(attrs);
        return new Entity(entity.id(), entity.type(), kept, entity.context(), entity.createdAt(), entity.modifiedAt());
    }

    @Override
    public List<TypeInfo> types() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, TreeSet<String>> names = new HashMap<>();
        for (Stored stored : entities.values()) {
            String type = stored.entity().type();
            counts.computeIfAbsent(type, t -> new long[1])[0]++;
            names.computeIfAbsent(type, t -> new TreeSet<>()).addAll(overlay.names(stored));
        }
        List<TypeInfo> result = new ArrayList<>();
        counts.forEach((type, count) -> result.add(new TypeInfo(type, count[0], List.copyOf(names.get(type)))));
        return result;
    }

    @Override
    public List<AttributeInfo> attributes() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, TreeSet<String>> types = new HashMap<>();
        for (Stored stored : entities.values()) {
            for (String name : overlay.names(stored)) {
                counts.computeIfAbsent(name, n -> new long[1])[0]++;
                types.computeIfAbsent(name, n -> new TreeSet<>()).add(stored.entity().type());
            }
        }
        List<AttributeInfo> result = new ArrayList<>();
        counts.forEach((name, count) -> result.add(new AttributeInfo(name, count[0], List.copyOf(types.get(name)))));
        return result;
    }

    // ---------------------------------------------------------------- single-entity writes

    @Override
    public Entity create(Entity entity) {
        return writeOne(entity.id(), created(entity)).entity();
    }

    @Override
    public void delete(URI id) {
        writeOne(id, (current, now) -> {
            requireEntity(current, id);
            return Next.REMOVE;
        });
    }

    @Override
    public UpdateResult append(URI id, Entity attributes, boolean noOverwrite) {
        requireSameId(id, attributes);
        List<String> updated = new ArrayList<>();
        List<UpdateResult.NotUpdated> notUpdated = new ArrayList<>();
        writeOne(id, appended(attributes, noOverwrite, updated, notUpdated));
        return new UpdateResult(updated, notUpdated);
    }

    @Override
    public UpdateResult update(URI id, Entity attributes) {
        requireSameId(id, attributes);
        List<String> updated = new ArrayList<>();
        List<UpdateResult.NotUpdated> notUpdated = new ArrayList<>();
        writeOne(id, (current, now) -> {
            requireEntity(current, id);
            Set<String> existing = overlay.names(current);
            Map<String, Attribute> replace = new LinkedHashMap<>();
            attributes.attributes().forEach((name, attribute) -> {
                if (existing.contains(name)) {
                    replace.put(name, attribute);
                    updated.add(name);
                } else {
                    notUpdated.add(new UpdateResult.NotUpdated(name, "the entity has no attribute " + name));
                }
            });
            return withAttributes(current, replace, now);
        });
        return new UpdateResult(updated, notUpdated);
    }

    @Override
    public void patchAttribute(URI id, String name, Attribute patch) {
        writeOne(id, (current, now) -> {
            requireEntity(current, id);
            Attribute existing = overlay.attribute(current, name).orElseThrow(() ->
                    ContextException.notFound("entity " + id + " has no attribute " + name));
            return withAttributes(current, Map.of(name, Attributes.merge(existing, patch)), now);
        });
    }

    @Override
    public void deleteAttribute(URI id, String name) {
        writeOne(id, (current, now) -> {
            requireEntity(current, id);
            if (!overlay.names(current).contains(name)) {
                throw ContextException.notFound("entity " + id + " has no attribute " + name);
            }
            Entity entity = current.entity().withoutAttribute(name)
                    .withSystemTimes(current.entity().createdAt().orElse(now), now);
            Map<String, Instant> floors = new LinkedHashMap<>(current.floors());
            floors.put(name, now);
            return new Next(entity, floors);
        });
    }

    private static void requireEntity(Stored current, URI id) {
        if (current == null) {
            throw ContextException.notFound("no entity " + id);
        }
    }

    private static void requireSameId(URI id, Entity fragment) {
        if (!fragment.id().equals(id)) {
            throw new BadRequestDataException(ErrorCode.INVALID_ID, "$.id",
                    "the fragment's id " + fragment.id() + " is not the entity's id " + id);
        }
    }

    // ---------------------------------------------------------------- the rules, as changes

    private static Change created(Entity entity) {
        return (current, now) -> {
            if (current != null) {
                throw ContextException.alreadyExists("entity " + entity.id() + " already exists");
            }
            Map<String, Attribute> stamped = new LinkedHashMap<>();
            entity.attributes().forEach((name, a) -> stamped.put(name, Attributes.stamped(a, now, now)));
            return new Next(new Entity(entity.id(), entity.type(), stamped, entity.context(), Optional.of(now),
                    Optional.of(now)), Map.of());
        };
    }

    private Change appended(Entity fragment, boolean noOverwrite, List<String> updated,
                            List<UpdateResult.NotUpdated> notUpdated) {
        return (current, now) -> {
            requireEntity(current, fragment.id());
            Set<String> existing = noOverwrite ? overlay.names(current) : Set.of();
            Map<String, Attribute> added = new LinkedHashMap<>();
            fragment.attributes().forEach((name, attribute) -> {
                if (existing.contains(name)) {
                    notUpdated.add(new UpdateResult.NotUpdated(name, "the attribute exists and noOverwrite was asked"));
                } else {
                    added.put(name, attribute);
                    updated.add(name);
                }
            });
            return withAttributes(current, added, now);
        };
    }

    /** Replaces the whole entity, keeping its createdAt and those of attributes it keeps (upsert replace). */
    private Change replaced(Entity entity) {
        Change create = created(entity);
        return (current, now) -> {
            if (current == null) {
                return create.apply(null, now);
            }
            Map<String, Instant> floors = new LinkedHashMap<>(current.floors());
            for (String gone : overlay.names(current)) {
                if (!entity.attributes().containsKey(gone)) {
                    floors.put(gone, now);
                }
            }
            Map<String, Attribute> stamped = new LinkedHashMap<>();
            entity.attributes().forEach((name, a) -> {
                stamped.put(name, Attributes.stamped(a, createdAt(current, name, now), now));
                floors.remove(name);
            });
            return new Next(new Entity(entity.id(), entity.type(), stamped, entity.context(),
                    Optional.of(current.entity().createdAt().orElse(now)), Optional.of(now)), floors);
        };
    }

    /** The entity with {@code changed} added or replaced; nothing to write if it is empty. */
    private static Next withAttributes(Stored current, Map<String, Attribute> changed, Instant now) {
        if (changed.isEmpty()) {
            return Next.NOTHING;
        }
        Entity entity = current.entity();
        Map<String, Instant> floors = new LinkedHashMap<>(current.floors());
        for (Map.Entry<String, Attribute> e : changed.entrySet()) {
            entity = entity.withAttribute(e.getKey(), Attributes.stamped(e.getValue(), createdAt(current, e.getKey(), now), now));
            floors.remove(e.getKey());
        }
        return new Next(entity.withSystemTimes(entity.createdAt().orElse(now), now), floors);
    }

    /** An attribute keeps its createdAt across updates. */
    private static Instant createdAt(Stored current, String name, Instant now) {
        Attribute existing = current.entity().attributes().get(name);
        return existing == null ? now : existing.meta().createdAt().orElse(now);
    }

    // ---------------------------------------------------------------- batches

    @Override
    public BatchResult batch(BatchOperation operation, List<Entity> batch) {
        List<URI> ids = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (Entity entity : batch) {
            ids.add(entity.id());
            changes.add(switch (operation) {
                case CREATE -> created(entity);
                case UPSERT_REPLACE -> replaced(entity);
                case UPSERT_UPDATE -> {
                    Change create = created(entity);
                    Change append = appended(entity, false, new ArrayList<>(), new ArrayList<>());
                    yield (current, now) -> current == null ? create.apply(null, now) : append.apply(current, now);
                }
                case UPDATE -> appended(entity, false, new ArrayList<>(), new ArrayList<>());
                case UPDATE_NO_OVERWRITE -> appended(entity, true, new ArrayList<>(), new ArrayList<>());
            });
        }
        return result(ids, write(ids, changes));
    }

    @Override
    public BatchResult batchDelete(List<URI> ids) {
        List<Change> changes = new ArrayList<>();
        for (URI id : ids) {
            changes.add((current, now) -> {
                requireEntity(current, id);
                return Next.REMOVE;
            });
        }
        return result(ids, write(ids, changes));
    }

    private static BatchResult result(List<URI> ids, List<Outcome> outcomes) {
        List<URI> success = new ArrayList<>();
        List<BatchResult.BatchError> failed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            RuntimeException e = outcomes.get(i).error();
            if (e == null) {
                success.add(ids.get(i));
            } else {
                failed.add(new BatchResult.BatchError(ids.get(i).toString(),
                        e instanceof ContextException c ? c.problemType() : ((NgsiLdException) e).problemType(),
                        e.getMessage()));
            }
        }
        return new BatchResult(success, failed);
    }

    // ---------------------------------------------------------------- the write path

    /** What a write does to one entity, given its current state (null if absent) and the write time. */
    @FunctionalInterface
    private interface Change {
        /** @throws ContextException or NgsiLdException to fail this entity: nothing is written for it */
        Next apply(Stored current, Instant now);
    }

    /** The entity's state after a write: a new one, removed, or as it was. */
    private record Next(Entity entity, Map<String, Instant> floors) {
        static final Next REMOVE = new Next(null, Map.of());
        static final Next NOTHING = new Next(null, null);
    }

    /** What a change came to: its error, or the entity's state after it (null if removed). */
    private record Outcome(RuntimeException error, Stored after) {
    }

    private Stored writeOne(URI id, Change change) {
        Outcome outcome = write(List.of(id), List.of(change)).get(0);
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return outcome.after();
    }

    /**
     * Applies the changes in order (a later one sees an earlier one's result for the same id),
     * writes those that succeeded as one durable log request, publishes them and stores their
     * history. Returns what each change came to.
     *
     * @throws StoreException if the log or the ReadingStore failed; the changes may or may not be stored
     */
    private List<Outcome> write(List<URI> ids, List<Change> changes) {
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        List<ReentrantLock> locks = lock(ids);
        long seq;
        List<Entity> written = new ArrayList<>();
        try {
            Map<String, Stored> pending = new LinkedHashMap<>(); // null value: removed
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                String key = ids.get(i).toString();
                Stored current = pending.containsKey(key) ? pending.get(key) : entities.get(key);
                try {
                    Next next = changes.get(i).apply(current, now());
                    if (next == Next.REMOVE) {
                        payloads.add(ContextRecords.delete(ids.get(i)));
                        pending.put(key, null);
                    } else if (next != Next.NOTHING) {
                        ContextRecords.Encoded encoded = ContextRecords.put(next.entity(), next.floors());
                        payloads.add(encoded.payload());
                        pending.put(key, encoded.stored());
                        written.add(encoded.stored().entity());
                    }
                    outcomes.add(new Outcome(null, pending.containsKey(key) ? pending.get(key) : current));
                } catch (ContextException | NgsiLdException e) {
                    outcomes.add(new Outcome(e, current));
                }
            }
            if (payloads.isEmpty()) {
                return outcomes;
            }
            seq = log.append(payloads, !written.isEmpty());
            long durable = System.nanoTime();
            pending.forEach((key, stored) -> {
                Stored before = entities.get(key);
                if (stored == null) {
                    unpublish(key);
                } else {
                    publish(stored);
                }
                if (before != null || stored != null) { // not created and deleted in one batch
                    feed.publish(change(before, stored, durable));
                }
            });
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
        if (!written.isEmpty()) {
            storeHistory(seq, written);
        }
        return outcomes;
    }

    /** Locks the stripes of {@code ids} in stripe order, so that batches cannot deadlock. */
    private List<ReentrantLock> lock(Collection<URI> ids) {
        TreeSet<Integer> indexes = new TreeSet<>();
        ids.forEach(id -> indexes.add(Math.floorMod(id.toString().hashCode(), STRIPES)));
        List<ReentrantLock> locks = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            stripes[index].lock();
            locks.add(stripes[index]);
        }
        return locks;
    }

    /** The write time: the clock's, but always after the previous write's. */
    private Instant now() {
        Instant clockNow = clock.instant();
        return lastWrite.updateAndGet(previous -> clockNow.isAfter(previous) ? clockNow : previous.plusNanos(1));
    }

    private void publish(Stored stored) {
        String key = stored.key();
        Stored previous = entities.put(key, stored);
        if (previous != null && !previous.entity().type().equals(stored.entity().type())) {
            byType.get(previous.entity().type()).remove(key);
        }
        byType.computeIfAbsent(stored.entity().type(), t -> new ConcurrentSkipListSet<>()).add(key);
    }

    /** What a request did to one entity: from its state before the request to its state after (null: absent). */
    private static EntityChange change(Stored before, Stored after, long durableNanos) {
        if (after == null) {
            Entity gone = before.entity();
            return new EntityChange(gone.id(), gone.type(), gone.attributes().keySet(), EntityChange.Kind.DELETED, durableNanos);
        }
        Entity now = after.entity();
        if (before == null) {
            return new EntityChange(now.id(), now.type(), now.attributes().keySet(), EntityChange.Kind.CREATED, durableNanos);
        }
        Map<String, Attribute> old = before.entity().attributes();
        Set<String> changed = new HashSet<>();
        now.attributes().forEach((name, attribute) -> {
            if (!attribute.equals(old.get(name))) {
                changed.add(name);
            }
        });
        old.keySet().forEach(name -> {
            if (!now.attributes().containsKey(name)) {
                changed.add(name);
            }
        });
        return new EntityChange(now.id(), now.type(), changed, EntityChange.Kind.UPDATED, durableNanos);
    }

    private void unpublish(String key) {
        Stored previous = entities.remove(key);
        if (previous != null) {
            byType.get(previous.entity().type()).remove(key);
        }
    }

    // ---------------------------------------------------------------- history

    /** The readings that record a write: every attribute whose modifiedAt is the entity's. */
    static List<Reading> history(Entity entity) {
        List<Reading> result = new ArrayList<>();
        Instant written = entity.modifiedAt().orElseThrow();
        entity.attributes().forEach((name, attribute) -> {
            if (attribute.meta().modifiedAt().filter(written::equals).isPresent()) {
                var json = EntityJson.normalized(attribute.withoutSystemTimes());
                json.remove("observedAt");
                result.add(new Reading(HISTORY_SOURCE, entity.id(), entity.type(), name,
                        attribute.meta().observedAt().orElse(written), json.toString()));
            }
        });
        return result;
    }

    private void storeHistory(long seq, List<Entity> written) {
        List<Reading> batch = new ArrayList<>();
        written.forEach(e -> batch.addAll(history(e)));
        readings.append(batch); // on failure seq stays unmarked: the next open stores it again
        log.historyDone(seq);
    }

    private void replay(ContextRecords.LogRecord record, TreeMap<Long, List<Entity>> unmarked,
                        Map<String, Integer> liveBytes) {
        if (record instanceof ContextRecords.Put put) {
            publish(put.stored());
            liveBytes.put(put.stored().key(), put.bytes());
            unmarked.computeIfAbsent(put.seq(), s -> new ArrayList<>()).add(put.stored().entity());
        } else if (record instanceof ContextRecords.Delete delete) {
            unpublish(delete.id().toString());
            liveBytes.remove(delete.id().toString());
        } else if (record instanceof ContextRecords.Mark mark) {
            unmarked.headMap(mark.historyThrough(), true).clear();
        }
    }

    /** Appends the history of writes after the last MARK again; the ReadingStore drops what it has. */
    private void repairHistory(TreeMap<Long, List<Entity>> unmarked) {
        List<Reading> batch = new ArrayList<>();
        for (List<Entity> written : unmarked.values()) {
            for (Entity e : written) {
                batch.addAll(history(e));
                if (batch.size() >= HISTORY_CHUNK) {
                    readings.append(batch);
                    batch.clear();
                }
            }
        }
        readings.append(batch);
    }

    @Override
    public void close() {
        log.close();
    }
}
