package org.citybrain.govern.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the rules engine's alerts survive restarts and crashes: the sink between the engine and
 * the writer of alerts, and the keeper of the engine's checkpoints in a {@link RuleStateStore}.
 *
 * <h2>How</h2>
 * Every alert event the engine emits gets a number and a key ({@link #key}: the alert id, the
 * change and how often the alert re-opened, so one per event of an episode). It is handed to the
 * downstream sink on a thread of its own ({@code govern-alerts}: a write may wait for an fsync, the
 * engine must not), and once written its number and key go to the store's journal.
 * {@link #checkpoint} snapshots the engine together with the last event number, waits until the
 * writer has delivered every event up to it, and saves the checkpoint (the journal then starts
 * afresh). After a restart (or a kill -9) {@link #restore} puts the checkpoint back, and the
 * readings durable since are evaluated again from the store by the feed: the events they raise
 * again are found in the journal and not delivered twice, and those the crash cut off before
 * delivery (a clearing, say) are delivered now.
 *
 * <h2>Limits</h2>
 * Between a write and its journal line a crash delivers that one event again on restart: the
 * downstream must take an event twice (the server's does: the hub's {@code Alert} is upserted, and
 * an alert that has a case already gets no second one).
 * A series the checkpoint did not know yet (first seen after it) is caught up only from the time
 * the checkpoint was taken, minus a minute.
 */
public final class DurableAlerts implements AlertSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DurableAlerts.class.getName());

    private final RuleStateStore store;
    private final AlertSink downstream;
    private final Clock clock;
    private final ExecutorService writer;
    private final Set<String> recovered = new HashSet<>();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private long seq;
    private Optional<Instant> checkpointedAt = Optional.empty();

    /**
     * @param store      where the checkpoints and the journal go
     * @param downstream the writer of alerts (hub, cases); called on this object's own thread, in order
     */
    public DurableAlerts(RuleStateStore store, AlertSink downstream, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "govern-alerts");
            t.setDaemon(true);
            return t;
        });
        for (RuleStateStore.Delivered d : store.deliveredSinceCheckpoint()) {
            recovered.add(d.key());
            seq = Math.max(seq, d.seq());
        }
    }

    /** The key of one alert event: unique per event of an episode, the same when evaluated again. */
    public static String key(Change change, Alert alert) {
        return alert.id() + "/" + change.name() + "/" + alert.reopened();
    }

    /**
     * Puts the last checkpoint back into {@code engine} (made with the rules it has now; see
     * {@link RuleEngine#restore}).
     *
     * @return when the checkpoint was taken, empty if there was none
     */
    public Optional<Instant> restore(RuleEngine engine) {
        Optional<RuleStateStore.Checkpoint> last = store.load();
        last.ifPresent(c -> {
            synchronized (engine) {
                seq = Math.max(seq, c.seq());
                int states = engine.restore(c.state(), clock.instant());
                LOG.log(System.Logger.Level.INFO, "rule state of {0} restored: {1} rule-entity states, {2} alert events "
                        + "delivered after it", c.savedAt(), states, recovered.size());
            }
        });
        checkpointedAt = last.map(RuleStateStore.Checkpoint::savedAt);
        return checkpointedAt;
    }

    /** Called by the engine, under its lock. */
    @Override
    public void accept(Change change, Alert alert) {
        String key = key(change, alert);
        if (recovered.contains(key)) {
            suppressed.incrementAndGet();
            return;
        }
        long n = ++seq;
        pending.incrementAndGet();
        writer.execute(() -> {
            try {
                downstream.accept(change, alert);
                store.delivered(new RuleStateStore.Delivered(n, key));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "alert " + alert.id() + " (" + change + ") could not be written", e);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /**
     * Saves the engine's state: a snapshot under its lock (evaluation waits for the copy), then,
     * outside it, waits until every event emitted before the snapshot is delivered, and saves.
     *
     * @throws IllegalStateException if the writer does not catch up within a minute (nothing saved)
     */
    public void checkpoint(RuleEngine engine) {
        byte[] state;
        long at;
        Instant now = clock.instant();
        synchronized (engine) {
            state = engine.snapshot();
            at = seq;
        }
        try {
            writer.submit(() -> { }).get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the alert writer did not catch up within a minute; rule state not saved", e);
        }
        store.save(new RuleStateStore.Checkpoint(at, now, state));
        checkpointedAt = Optional.of(now);
    }

    /** Alert events found in the journal when evaluated again after a restart, and not delivered twice. */
    public long suppressed() {
        return suppressed.get();
    }

    /** Alert events emitted and not yet written. */
    public long pending() {
        return pending.get();
    }

    /** When the last checkpoint was taken (or restored), if ever. */
    public Optional<Instant> checkpointedAt() {
        return checkpointedAt;
    }

    /** Delivers the events already emitted (waits up to 30 s) and closes the store. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
