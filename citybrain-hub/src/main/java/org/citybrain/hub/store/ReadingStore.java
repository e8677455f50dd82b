package org.citybrain.hub.store;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Where readings live: an append-only history of every reading plus the current value of every
 * entity attribute. The embedded implementation is {@link WalStore}, the production one
 * {@link org.citybrain.hub.store.pg.PostgresReadingStore}; both pass {@code ReadingStoreContractTest}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #append} returns only when every reading it was given is durable (survives a crash
 *       of the process and of the machine); callers acknowledge to devices after it returns.</li>
 *   <li>Idempotence: a reading with the same device, entity, attribute and {@code observedAt} as
 *       one already stored (or earlier in the same call) is not stored again; the first one wins,
 *       even if the value differs.</li>
 *   <li>Current state: the value with the latest {@code observedAt} per entity attribute; an
 *       older reading that arrives late goes into history but never replaces a newer current
 *       value; on a tie the value stored first stays.</li>
 *   <li>Reads see only durable readings.</li>
 *   <li>Retention: {@link #expire} removes history, never current values.</li>
 * </ul>
 * Implementations are safe for concurrent use.
 */
public interface ReadingStore extends AutoCloseable {

    /**
     * Stores {@code readings}, all or, on failure, with no promise about any of them.
     *
     * @throws StoreException if they could not be made durable; nothing may be acknowledged then
     */
    Appended append(List<Reading> readings);

    /**
     * {@link #append} without waiting: the future completes once every reading is durable, or
     * exceptionally with a {@link StoreException} if they could not be made durable (nothing may
     * be acknowledged then). A store with a writer thread completes it there, so that many
     * appends share one fsync without a waiting thread each; this default waits in the caller.
     *
     * @throws StoreException if the store refuses the readings at once (closed, failed)
     */
    default CompletableFuture<Appended> appendAsync(List<Reading> readings) {
        return CompletableFuture.completedFuture(append(readings));
    }

    /** The current value of one entity attribute. */
    Optional<Reading> latest(URI entityId, String attribute);

    /**
     * The current value of every attribute of an entity, by attribute name; read-only. It may be a
     * view that follows later appends rather than a copy ({@link WalStore}'s is, so that a
     * retrieval copies nothing): weakly consistent, like a concurrent map's iteration, and never
     * losing a value, since current values are never removed. Copy it to hold on to a snapshot.
     */
    Map<String, Reading> current(URI entityId);

    /**
     * Raw history of one entity attribute with {@code from <= observedAt < to}, oldest first
     * (readings at the same time in the order they were stored).
     */
    List<Reading> history(URI entityId, String attribute, Instant from, Instant to);

    /** Appends waiting to be made durable right now, for monitoring; 0 if the store does not queue. */
    default int queuedAppends() {
        return 0;
    }

    /**
     * Visits the history of one entity attribute with {@code from <= observedAt < to} in the order
     * of {@link #history}, without holding the whole range in memory, until {@code visitor}
     * returns false.
     */
    void scan(URI entityId, String attribute, Instant from, Instant to, Predicate<Reading> visitor);

    /**
     * The newest {@code n} readings of one entity attribute with {@code from <= observedAt < to},
     * oldest first (as {@link #history} orders them).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    List<Reading> lastN(URI entityId, String attribute, Instant from, Instant to, int n);

    /**
     * The ids of the entities with a current value (see {@link #current}) of {@code entityType},
     * ordered by {@link URI#toString()}. An entity whose readings changed type may be listed
     * under the earlier type too.
     */
    List<URI> entities(String entityType);

    /**
     * The ids of the entities, of any type, with a current value (see {@link #current}) of any of
     * {@code attributes}, ordered by {@link URI#toString()}, without repeats.
     */
    List<URI> entitiesWith(Set<String> attributes);

    /**
     * Retention: removes from history the readings of entities of {@code entityType} observed
     * before {@code before}. Current values stay, whatever their time: {@link #latest} and
     * {@link #current} answer as before. What happens to disk space depends on the store.
     *
     * @return how many readings history no longer returns
     */
    long expire(String entityType, Instant before);

    /** Stops accepting appends, finishes those already queued and releases files. */
    @Override
    void close();
}
