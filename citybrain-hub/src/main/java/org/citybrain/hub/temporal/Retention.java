package org.citybrain.hub.temporal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.citybrain.hub.store.ReadingStore;

/**
 * Applies a {@link RetentionPolicy} to a {@link ReadingStore}: each {@link #sweep} expires, per
 * type, what is older than its window at the clock's now. Queries through {@link TemporalHistory}
 * apply the same cutoff at once, so between sweeps nothing older is answered either.
 */
public final class Retention {
    private final ReadingStore store;
    private final RetentionPolicy policy;
    private final Clock clock;

    public Retention(ReadingStore store, RetentionPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Expires every type's old history now.
     *
     * @return readings removed, over all types
     * @throws org.citybrain.hub.store.StoreException if the store could not remove them
     */
    public long sweep() {
        Instant now = clock.instant();
        long removed = 0;
        for (Map.Entry<String, java.time.Duration> e : policy.windows().entrySet()) {
            removed += store.expire(e.getKey(), now.minus(e.getValue()));
        }
        return removed;
    }

    public RetentionPolicy policy() {
        return policy;
    }
}
