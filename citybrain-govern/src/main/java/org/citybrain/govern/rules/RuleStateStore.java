package org.citybrain.govern.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the rules keep their state across restarts, crash-safe: a checkpoint of the engine (see
 * {@link RuleEngine#snapshot}) replaced whole now and then, and a journal of the alert events
 * delivered since, so that after a crash the readings evaluated again raise no alert twice
 * ({@link DurableAlerts}). Implementations: {@link FileRuleStateStore} (the data directory).
 *
 * <p>A PostgreSQL implementation needs two tables: one row for the checkpoint
 * ({@code seq bigint, saved_at timestamptz, state bytea}, replaced in one transaction that also
 * deletes the journal rows with {@code seq <= } the checkpoint's), and the journal
 * ({@code seq bigint primary key, key text}), one committed insert per delivered event.
 */
public interface RuleStateStore extends AutoCloseable {

    /**
     * The engine's state at one moment.
     *
     * @param seq     the number of the last alert event the engine had emitted then
     * @param savedAt when it was taken (wall clock)
     * @param state   {@link RuleEngine#snapshot()}
     */
    record Checkpoint(long seq, Instant savedAt, byte[] state) {
        public Checkpoint {
            Objects.requireNonNull(savedAt, "savedAt");
            Objects.requireNonNull(state, "state");
        }
    }

    /** One alert event delivered (written to the hub and made a case), by its number and key. */
    record Delivered(long seq, String key) {
        public Delivered {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The last checkpoint saved, if any. */
    Optional<Checkpoint> load();

    /** The events delivered after the last checkpoint (those with a higher number), in order. */
    List<Delivered> deliveredSinceCheckpoint();

    /**
     * Replaces the checkpoint; once this returns it survives a crash. Journal entries numbered up
     * to the checkpoint's {@code seq} may be forgotten.
     */
    void save(Checkpoint checkpoint);

    /** Records that an event was delivered; once this returns it survives a crash. */
    void delivered(Delivered event);

    @Override
    void close();
}
