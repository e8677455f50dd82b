package org.citybrain.hub.context;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.OperationNotSupportedException;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;

/**
 * What every {@link ContextStore} shares: the NGSI-LD rules of each write as {@link Change}s from
 * an entity's current state to its next, the write times, the history a write leaves and the
 * change it publishes. A subclass keeps the entities: it reads the current states of a request's
 * entities, applies the changes in order ({@link #apply}) and makes the result durable
 * ({@link #write}), locking so that the changes of one entity never interleave. A change may be
 * applied more than once (a store retries after a conflict): only its last application counts.
 */
abstract class AbstractContextStore implements ContextStore {
    /** The {@code deviceId} of the readings that record API writes. */
    static final String HISTORY_SOURCE = "ngsi-ld";

    final ReadingStore readings;
    final Clock clock;
    final Overlay overlay;
    private static final int STRIPES = 256;
    private final AtomicReference<Instant> lastWrite = new AtomicReference<>(Instant.MIN);
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    AbstractContextStore(ReadingStore readings, Clock clock) {
        this.readings = Objects.requireNonNull(readings, "readings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.overlay = new Overlay(readings);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Locks the stripes of {@code ids} (256, by hash) in stripe order, so that batches cannot
     * deadlock; the writes of this process to one entity are thus one at a time.
     */
    final List<ReentrantLock> lock(Collection<URI> ids) {
        TreeSet<Integer> indexes = new TreeSet<>();
        ids.forEach(id -> indexes.add(Math.floorMod(id.toString().hashCode(), STRIPES)));
        List<ReentrantLock> locks = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            stripes[index].lock();
            locks.add(stripes[index]);
        }
        return locks;
    }

    /** Locks every stripe, in order: no write of this process runs until they are unlocked. */
    final List<ReentrantLock> lockAll() {
        for (ReentrantLock stripe : stripes) {
            stripe.lock();
        }
        return List.of(stripes);
    }

    static void unlock(List<ReentrantLock> locks) {
        for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).unlock();
        }
    }

    /**
     * Applies the changes in order (a later one sees an earlier one's result for the same id),
     * makes those that succeeded durable as one request, publishes them and stores their history.
     * Returns what each change came to.
     *
     * @throws org.citybrain.hub.store.StoreException if storing failed; the changes may or may not be stored
     */
    abstract List<Outcome> write(List<URI> ids, List<Change> changes);

    /** Every stored entity, without telemetry. */
    abstract void forEachStored(java.util.function.Consumer<Stored> action);

    /**
     * Every stored entity with the names of the attributes it shows ({@link Overlay#names}); a
     * store that reads the current readings with the rows overrides it to save the question per entity.
     */
    void forEachShown(java.util.function.BiConsumer<Stored, Set<String>> action) {
        forEachStored(stored -> action.accept(stored, overlay.names(stored)));
    }

    @Override
    public List<TypeInfo> types() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, TreeSet<String>> names = new HashMap<>();
        forEachShown((stored, shown) -> {
            String type = stored.entity().type();
            counts.computeIfAbsent(type, t -> new long[1])[0]++;
            names.computeIfAbsent(type, t -> new TreeSet<>()).addAll(shown);
        });
        List<TypeInfo> result = new ArrayList<>();
        counts.forEach((type, count) -> result.add(new TypeInfo(type, count[0], List.copyOf(names.get(type)))));
        return result;
    }

    @Override
    public List<AttributeInfo> attributes() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, TreeSet<String>> types = new HashMap<>();
        forEachShown((stored, shown) -> {
            for (String name : shown) {
                counts.computeIfAbsent(name, n -> new long[1])[0]++;
                types.computeIfAbsent(name, n -> new TreeSet<>()).add(stored.entity().type());
            }
        });
        List<AttributeInfo> result = new ArrayList<>();
        counts.forEach((name, count) -> result.add(new AttributeInfo(name, count[0], List.copyOf(types.get(name)))));
        return result;
    }

    /** Write times from now on are after {@code at} (an entity's modifiedAt another process wrote). */
    final void writtenAt(Instant at) {
        lastWrite.accumulateAndGet(at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** How a subclass turns the next states into what it stores. */
    interface Encoder {
        /** The canonical stored form of {@code next} (what reading it back gives). */
        Stored put(Next next);

        /** Removes the entity {@code id}, deleted at {@code at}: the store keeps that time ({@link Stored#DELETED}). */
        void delete(URI id, Instant at);
    }

    /**
     * What a store answers when asked when an id was last deleted, for an id deleted by a version
     * that did not keep the time: a new entity of that id then shows only readings observed after
     * its own creation, the rule of that version.
     */
    static final Instant DELETED_AT_UNKNOWN_TIME = Instant.MAX;

    /**
     * What applying a request's changes came to.
     *
     * @param outcomes one per change
     * @param after    per entity the request changed, its state after the request (null: removed), in
     *                 the order first changed
     * @param written  the entity states written, in order, for history
     */
    record Applied(List<Outcome> outcomes, Map<String, Stored> after, List<Entity> written) {
    }

    /**
     * Applies {@code changes} to the states {@code current} gives (null: absent), in order; a
     * change that throws fails alone. The changes ask the ReadingStore for telemetry.
     * {@code deletedAt} says when an absent id was last deleted (null: never;
     * {@link #DELETED_AT_UNKNOWN_TIME}); an entity created gets that as its floor ({@link Stored#DELETED}).
     */
    final Applied apply(List<URI> ids, List<Change> changes, java.util.function.Function<String, Stored> current,
                        java.util.function.Function<String, Instant> deletedAt, Encoder encoder) {
        return apply(ids, changes, current, key -> null, deletedAt, encoder);
    }

    /**
     * {@link #apply(List, List, java.util.function.Function, java.util.function.Function, Encoder)}
     * with {@code readings} giving an entity's current readings as the store read them with its
     * row (null: ask the ReadingStore).
     */
    final Applied apply(List<URI> ids, List<Change> changes, java.util.function.Function<String, Stored> current,
                        java.util.function.Function<String, Map<String, Reading>> readings,
                        java.util.function.Function<String, Instant> deletedAt, Encoder encoder) {
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        Map<String, Stored> pending = new LinkedHashMap<>(); // null value: removed
        Map<String, Instant> removed = new HashMap<>(); // by this request, and when
        List<Entity> written = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            String key = ids.get(i).toString();
            Stored state = pending.containsKey(key) ? pending.get(key) : current.apply(key);
            try {
                Instant now = now();
                Next next = changes.get(i).apply(state, overlay.telemetry(ids.get(i), readings.apply(key)), now);
                if (next == Next.REMOVE) {
                    encoder.delete(ids.get(i), now);
                    pending.put(key, null);
                    removed.put(key, now);
                } else if (next != Next.NOTHING) {
                    if (state == null) { // created: its floor is the last deletion of the id
                        Instant deleted = removed.containsKey(key) ? removed.get(key) : deletedAt.apply(key);
                        Map<String, Instant> floors = new LinkedHashMap<>(next.floors());
                        floors.put(Stored.DELETED, deleted == null ? Instant.MIN
                                : deleted.equals(DELETED_AT_UNKNOWN_TIME) ? now : deleted);
                        next = new Next(next.entity(), floors);
                    }
                    Stored stored = encoder.put(next);
                    pending.put(key, stored);
                    written.add(stored.entity());
                }
                Stored after = pending.containsKey(key) ? pending.get(key) : state;
                outcomes.add(new Outcome(null, after, state == null && after != null));
            } catch (ContextException | NgsiLdException e) {
                outcomes.add(new Outcome(e, state, false));
            }
        }
        return new Applied(outcomes, pending, written);
    }

    /** The history of {@code written} to the ReadingStore. */
    final void storeHistory(List<Entity> written) {
        List<Reading> batch = new ArrayList<>();
        written.forEach(e -> batch.addAll(history(e)));
        readings.append(batch);
    }

    static boolean matchesMerged(EntityQuery query, Entity entity) {
        if (!query.attrs().isEmpty() && query.attrs().stream().noneMatch(entity.attributes()::containsKey)) {
            return false;
        }
        return query.filter().map(f -> f.test(entity)).orElse(true);
    }

    static Entity project(Entity entity, Set<String> attrs) {
        if (attrs.isEmpty()) {
            return entity;
        }
        Map<String, Attribute> kept = new LinkedHashMap<>(entity.attributes());
        kept.keySet().retainAll(attrs);
        return new Entity(entity.id(), entity.type(), kept, entity.context(), entity.createdAt(), entity.modifiedAt());
    }


    // ---------------------------------------------------------------- single-entity writes

    @Override
    public Entity create(Entity entity) {
        return writeOne(entity.id(), created(entity)).entity();
    }

    @Override
    public void delete(URI id) {
        writeOne(id, (current, telemetry, now) -> {
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
    public void replace(URI id, Entity entity) {
        requireSameId(id, entity);
        Change replace = replaced(entity);
        writeOne(id, (current, telemetry, now) -> {
            requireEntity(current, id);
            return replace.apply(current, telemetry, now);
        });
    }

    @Override
    public UpdateResult update(URI id, Entity attributes) {
        requireSameId(id, attributes);
        List<String> updated = new ArrayList<>();
        List<UpdateResult.NotUpdated> notUpdated = new ArrayList<>();
        writeOne(id, (current, telemetry, now) -> {
            updated.clear(); // a store may apply a change again, after a conflict
            notUpdated.clear();
            requireEntity(current, id);
            Set<String> existing = telemetry.names(current);
            Map<String, Attribute> replace = new LinkedHashMap<>();
            attributes.attributes().forEach((name, attribute) -> {
                if (!existing.contains(name)) {
                    notUpdated.add(new UpdateResult.NotUpdated(name, "the entity has no attribute " + name));
                } else if (otherInstance(current, name, attribute)) {
                    notUpdated.add(new UpdateResult.NotUpdated(name, "the entity has "
                            + noInstance(name, attribute.meta().datasetId().get())));
                } else {
                    replace.put(name, attribute);
                    updated.add(name);
                }
            });
            return withAttributes(current, replace, now);
        });
        return new UpdateResult(updated, notUpdated);
    }

    @Override
    public void patchAttribute(URI id, String name, Attribute patch) {
        patch(id, name, patch, existing -> Attributes.merge(existing, patch));
    }

    @Override
    public void patchMetadata(URI id, String name, Attribute patch) {
        patch(id, name, patch, existing -> Attributes.mergeKeepingValue(existing, patch));
    }

    private void patch(URI id, String name, Attribute patch, UnaryOperator<Attribute> merge) {
        writeOne(id, (current, telemetry, now) -> {
            requireEntity(current, id);
            Attribute existing = telemetry.attribute(current, name).orElseThrow(() ->
                    ContextException.notFound("entity " + id + " has no attribute " + name));
            if (otherInstance(current, name, patch)) {
                throw ContextException.notFound("entity " + id + " has " + noInstance(name, patch.meta().datasetId().get()));
            }
            return withAttributes(current, Map.of(name, merge.apply(existing)), now);
        });
    }

    private static OperationNotSupportedException secondInstance(URI id, String name, Optional<URI> held, Attribute given) {
        return new OperationNotSupportedException(ErrorCode.UNSUPPORTED_MULTI_ATTRIBUTE, JsonPaths.member(JsonPaths.ROOT, name),
                "entity " + id + " holds an instance of " + name + " of " + held.map(d -> "dataset " + d)
                        .orElse("the default dataset") + "; a second instance (" + given.meta().datasetId()
                        .map(d -> "dataset " + d).orElse("the default dataset") + ") is not supported: one per attribute");
    }

    private static String noInstance(String name, URI dataset) {
        return "no instance of " + name + " with datasetId " + dataset;
    }

    /** The dataset of an attribute's instance as the API wrote it; readings carry none (the default instance). */
    private static Optional<URI> dataset(Stored current, String name) {
        Attribute written = current.entity().attributes().get(name);
        return written == null ? Optional.empty() : written.meta().datasetId();
    }

    /**
     * Whether {@code given}, written onto the attribute {@code name}, is meant for another instance
     * than the one the entity holds (one per attribute): it names a dataset, and not that one's.
     */
    private static boolean otherInstance(Stored current, String name, Attribute given) {
        return given.meta().datasetId().isPresent() && !given.meta().datasetId().equals(dataset(current, name));
    }

    @Override
    public void deleteAttribute(URI id, String name, Optional<URI> datasetId) {
        writeOne(id, (current, telemetry, now) -> {
            requireEntity(current, id);
            if (!telemetry.names(current).contains(name)) {
                throw ContextException.notFound("entity " + id + " has no attribute " + name);
            }
            if (datasetId.isPresent() && !dataset(current, name).equals(datasetId)) {
                throw ContextException.notFound("entity " + id + " has " + noInstance(name, datasetId.get()));
            }
            Entity entity = current.entity().withoutAttribute(name)
                    .withSystemTimes(current.entity().createdAt().orElse(now), now);
            Map<String, Instant> floors = new LinkedHashMap<>(current.floors());
            floors.put(name, now);
            return new Next(entity, floors);
        });
    }

    @Override
    public void merge(URI id, Entity fragment, Set<String> deletions, Set<String> valueless) {
        requireSameId(id, fragment);
        writeOne(id, (current, telemetry, now) -> {
            requireEntity(current, id);
            Set<String> shown = telemetry.names(current);
            Entity entity = current.entity();
            Map<String, Instant> floors = new LinkedHashMap<>(current.floors());
            boolean deleted = false;
            for (String name : deletions) {
                if (shown.contains(name)) {
                    entity = entity.withoutAttribute(name);
                    floors.put(name, now);
                    deleted = true;
                }
            }
            Map<String, Attribute> changed = new LinkedHashMap<>();
            fragment.attributes().forEach((name, patch) -> {
                Optional<Attribute> existing = deletions.contains(name) ? Optional.empty() : telemetry.attribute(current, name);
                if (existing.isPresent() && otherInstance(current, name, patch)) {
                    throw secondInstance(id, name, dataset(current, name), patch);
                }
                if (valueless.contains(name)) {
                    changed.put(name, Attributes.mergeKeepingValue(existing.orElseThrow(() ->
                            ContextException.notFound("entity " + id + " has no attribute " + name)), patch));
                } else {
                    changed.put(name, existing.map(e -> Attributes.merge(e, patch)).orElse(patch));
                }
            });
            if (changed.isEmpty()) {
                return deleted ? new Next(entity.withSystemTimes(entity.createdAt().orElse(now), now), floors) : Next.NOTHING;
            }
            return withAttributes(new Stored(entity, floors), changed, now);
        });
    }

    static void requireEntity(Stored current, URI id) {
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
        return (current, telemetry, now) -> {
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
        return (current, telemetry, now) -> {
            updated.clear(); // a store may apply a change again, after a conflict
            notUpdated.clear();
            requireEntity(current, fragment.id());
            Set<String> existing = noOverwrite ? telemetry.names(current) : Set.of();
            Map<String, Attribute> added = new LinkedHashMap<>();
            fragment.attributes().forEach((name, attribute) -> {
                // an instance of another dataset than the one held would be a second instance, and would
                // otherwise silently replace it (the names, maybe a look-up, only when the datasets differ)
                Optional<URI> held = dataset(current, name);
                if (!attribute.meta().datasetId().equals(held) && telemetry.names(current).contains(name)) {
                    throw secondInstance(fragment.id(), name, held, attribute);
                }
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
        return (current, telemetry, now) -> {
            if (current == null) {
                return create.apply(null, telemetry, now);
            }
            Map<String, Instant> floors = new LinkedHashMap<>(current.floors());
            for (String gone : telemetry.names(current)) {
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
                    yield (current, telemetry, now) -> current == null ? create.apply(null, telemetry, now)
                            : append.apply(current, telemetry, now);
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
            changes.add((current, telemetry, now) -> {
                requireEntity(current, id);
                return Next.REMOVE;
            });
        }
        return result(ids, write(ids, changes));
    }

    private static BatchResult result(List<URI> ids, List<Outcome> outcomes) {
        List<URI> success = new ArrayList<>();
        List<URI> created = new ArrayList<>();
        List<BatchResult.BatchError> failed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            RuntimeException e = outcomes.get(i).error();
            if (e == null) {
                success.add(ids.get(i));
                if (outcomes.get(i).created()) {
                    created.add(ids.get(i));
                }
            } else {
                failed.add(new BatchResult.BatchError(ids.get(i).toString(),
                        e instanceof ContextException c ? c.problemType() : ((NgsiLdException) e).problemType(),
                        e.getMessage()));
            }
        }
        return new BatchResult(success, failed, created);
    }

    // ---------------------------------------------------------------- the write path

    /**
     * What a write does to one entity, given its current state (null if absent), its telemetry (to
     * see the attributes the state shows, {@link Overlay}) and the write time.
     */
    @FunctionalInterface
    interface Change {
        /** @throws ContextException or NgsiLdException to fail this entity: nothing is written for it */
        Next apply(Stored current, Overlay.Telemetry telemetry, Instant now);
    }

    /** The entity's state after a write: a new one, removed, or as it was. */
    record Next(Entity entity, Map<String, Instant> floors) {
        static final Next REMOVE = new Next(null, Map.of());
        static final Next NOTHING = new Next(null, null);
    }

    /** What a change came to: its error, or the entity's state after it (null if removed). */
    record Outcome(RuntimeException error, Stored after, boolean created) {
    }

    private Stored writeOne(URI id, Change change) {
        Outcome outcome = write(List.of(id), List.of(change)).get(0);
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return outcome.after();
    }


    /** The write time: the clock's, but always after the previous write's. */
    final Instant now() {
        Instant clockNow = clock.instant();
        return lastWrite.updateAndGet(previous -> clockNow.isAfter(previous) ? clockNow : previous.plusNanos(1));
    }


    /** What a request did to one entity: from its state before the request to its state after (null: absent). */
    static EntityChange change(Stored before, Stored after, long durableNanos) {
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
            Attribute was = old.get(name);
            // a write of the same value changes only modifiedAt: no change (NGSI-LD 5.11)
            if (was == null || !attribute.withoutSystemTimes().equals(was.withoutSystemTimes())) {
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

}
