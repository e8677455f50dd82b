package org.citybrain.hub.context;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.citybrain.hub.entity.Entity;
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
public final class EmbeddedContextStore extends AbstractContextStore {
    /** The {@code deviceId} of the readings that record API writes. */
    public static final String HISTORY_SOURCE = AbstractContextStore.HISTORY_SOURCE;
    /** Below this size the log is never compacted. */
    static final long COMPACT_MIN_BYTES = 4L << 20;
    private static final long COMPACT_SLACK_BYTES = 4096;
    private static final int HISTORY_CHUNK = 10_000;
    /** How long an online compaction waits, holding writes back, for the history of earlier writes. */
    private static final Duration HISTORY_WAIT = Duration.ofMillis(200);
    /** How long after a put-off or failed online compaction the next is tried. */
    private static final Duration COMPACTION_RETRY = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(EmbeddedContextStore.class.getName());

    /** The entities in id order, for queries; {@link #byId} holds the same, for constant-time look-ups. */
    private final ConcurrentSkipListMap<String, Stored> entities = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Stored> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentSkipListSet<String>> byType = new ConcurrentHashMap<>();
    /**
     * Ids deleted and not created again, and when ({@link #DELETED_AT_UNKNOWN_TIME} for a deletion
     * logged without its time): a new entity of the id shows only readings observed after that.
     */
    private final ConcurrentHashMap<String, Instant> deleted = new ConcurrentHashMap<>();
    /** The size of each live record in the log (an entity's PUT, a deletion), and their sum with 8 bytes of framing each. */
    private final ConcurrentHashMap<String, Integer> liveBytes = new ConcurrentHashMap<>();
    private final AtomicLong liveTotal = new AtomicLong();
    private final ContextLog log;
    private final ChangeFeed feed;
    private final long compactMinBytes;
    private final AtomicBoolean compacting = new AtomicBoolean();
    /** No online compaction is tried before this (after one that found history still pending, or failed). */
    private volatile long nextCompactionNanos = System.nanoTime();
    private final ExecutorService compactor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "context-compactor");
        t.setDaemon(true);
        return t;
    });

    private EmbeddedContextStore(Path directory, ReadingStore readings, Clock clock, long compactMinBytes,
            ChangeFeed changes) {
        super(readings, clock);
        this.feed = Objects.requireNonNull(changes, "changes");
        this.compactMinBytes = compactMinBytes;
        TreeMap<Long, List<Entity>> unmarked = new TreeMap<>();
        this.log = ContextLog.open(directory, record -> replay(record, unmarked));
        try {
            repairHistory(unmarked);
            entities.values().forEach(s -> s.entity().modifiedAt().ifPresent(this::writtenAt));
            if (compactionDue()) {
                log.compact(live(new ArrayList<>(entities.values()), deleted));
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
        Stored stored = byId.get(id.toString());
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
                stored = byId.get(key);
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

    @Override
    void forEachStored(java.util.function.Consumer<Stored> action) {
        entities.values().forEach(action);
    }

    @Override
    List<Outcome> write(List<URI> ids, List<Change> changes) {
        List<ReentrantLock> locks = lock(ids);
        long seq;
        Applied applied;
        try {
            List<byte[]> payloads = new ArrayList<>();
            Map<String, Instant> removed = new HashMap<>();
            Map<String, Integer> sizes = new HashMap<>();
            applied = apply(ids, changes, byId::get, deleted::get, new Encoder() {
                @Override
                public Stored put(Next next) {
                    ContextRecords.Encoded encoded = ContextRecords.put(next.entity(), next.floors());
                    payloads.add(encoded.payload());
                    sizes.put(encoded.stored().key(), encoded.payload().length);
                    return encoded.stored();
                }

                @Override
                public void delete(URI id, Instant at) {
                    byte[] payload = ContextRecords.delete(id, at);
                    payloads.add(payload);
                    removed.put(id.toString(), at);
                    sizes.put(id.toString(), payload.length);
                }
            });
            if (payloads.isEmpty()) {
                return applied.outcomes();
            }
            seq = log.append(payloads, !applied.written().isEmpty());
            long durable = System.nanoTime();
            applied.after().forEach((key, stored) -> {
                Stored before = byId.get(key);
                if (stored == null) {
                    unpublish(key);
                    deleted.put(key, removed.get(key));
                } else {
                    publish(stored);
                    deleted.remove(key);
                }
                live(key, sizes.get(key));
                if (before != null || stored != null) { // not created and deleted in one batch
                    feed.publish(change(before, stored, durable));
                }
            });
        } finally {
            unlock(locks);
        }
        if (!applied.written().isEmpty()) {
            storeHistory(applied.written()); // on failure seq stays unmarked: the next open stores it again
            log.historyDone(seq);
        }
        compactIfDue();
        return applied.outcomes();
    }

    private void publish(Stored stored) {
        String key = stored.key();
        Stored previous = byId.put(key, stored);
        entities.put(key, stored);
        if (previous != null && !previous.entity().type().equals(stored.entity().type())) {
            byType.get(previous.entity().type()).remove(key);
        }
        byType.computeIfAbsent(stored.entity().type(), t -> new ConcurrentSkipListSet<>()).add(key);
    }

    private void unpublish(String key) {
        entities.remove(key);
        Stored previous = byId.remove(key);
        if (previous != null) {
            byType.get(previous.entity().type()).remove(key);
        }
    }

    // ---------------------------------------------------------------- compaction

    /** The log is large, and more than twice the live records (the slack keeps a log of only marks and deletions as it is). */
    private boolean compactionDue() {
        long size = log.size();
        return size >= compactMinBytes && size > 2 * liveTotal.get() + COMPACT_SLACK_BYTES;
    }

    /** The live records of {@code states} and {@code gone}, encoded. */
    private static List<byte[]> live(List<Stored> states, Map<String, Instant> gone) {
        List<byte[]> records = new ArrayList<>(states.size() + gone.size());
        states.forEach(stored -> records.add(ContextRecords.put(stored)));
        gone.forEach((key, at) -> records.add(ContextRecords.delete(URI.create(key), at.equals(DELETED_AT_UNKNOWN_TIME) ? null : at)));
        return records;
    }

    private void live(String key, int bytes) {
        Integer previous = liveBytes.put(key, bytes);
        liveTotal.addAndGet(bytes + 8L - (previous == null ? 0 : previous + 8L));
    }

    /** Starts an online compaction on the compactor's thread if one is due and none runs. */
    private void compactIfDue() {
        if (compactionDue() && System.nanoTime() - nextCompactionNanos >= 0 && compacting.compareAndSet(false, true)) {
            try {
                compactor.execute(this::compactOnline);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                compacting.set(false);
            }
        }
    }

    /**
     * Compacts the log while the store runs: holds every write back just long enough to take the
     * state (the entities and deletions as of the log's position, with all their history stored),
     * then encodes it and has the log's writer swap it in, appending what was written meanwhile.
     */
    private void compactOnline() {
        try {
            List<Stored> states;
            Map<String, Instant> gone;
            ContextLog.Position at;
            long holding = System.nanoTime();
            List<ReentrantLock> all = lockAll();
            try {
                if (!log.awaitHistory(HISTORY_WAIT)) {
                    nextCompactionNanos = System.nanoTime() + COMPACTION_RETRY.toNanos();
                    LOG.log(System.Logger.Level.INFO, "context log compaction put off: history of writes still being stored");
                    return;
                }
                at = log.position();
                states = new ArrayList<>(entities.values());
                gone = new HashMap<>(deleted);
            } finally {
                unlock(all);
            }
            long held = System.nanoTime() - holding;
            long before = log.size();
            long started = System.nanoTime();
            log.compact(live(states, gone), at);
            LOG.log(System.Logger.Level.INFO, "context log compacted from {0} to {1} bytes ({2} entities, {3} deletions) "
                    + "in {4} ms; writes held back {5} ms to take the state, appends {6} ms for the swap",
                    before, log.size(), states.size(), gone.size(), (System.nanoTime() - started) / 1_000_000,
                    held / 1_000_000, log.lastSwapNanos() / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            nextCompactionNanos = System.nanoTime() + COMPACTION_RETRY.toNanos();
            LOG.log(System.Logger.Level.WARNING, "context log compaction failed; next try in "
                    + COMPACTION_RETRY.toSeconds() + " s: " + e.getMessage(), e);
        } finally {
            compacting.set(false);
        }
    }

    // ---------------------------------------------------------------- history

    private void replay(ContextRecords.LogRecord record, TreeMap<Long, List<Entity>> unmarked) {
        if (record instanceof ContextRecords.Put put) {
            publish(put.stored());
            deleted.remove(put.stored().key());
            live(put.stored().key(), put.bytes());
            unmarked.computeIfAbsent(put.seq(), s -> new ArrayList<>()).add(put.stored().entity());
        } else if (record instanceof ContextRecords.Delete delete) {
            String key = delete.id().toString();
            unpublish(key);
            deleted.put(key, delete.at() == null ? DELETED_AT_UNKNOWN_TIME : delete.at());
            live(key, delete.bytes()); // compaction keeps the deletion
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
        compactor.shutdown();
        try {
            if (!compactor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "closing the context store while its log is being compacted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
