package org.citybrain.hub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each segment of the log holds, for retention: per entity type the newest observation
 * time, and how many current values. A sealed segment whose readings are all of types with a
 * retention cutoff, all older than it, and none a current value can be deleted: what it holds is
 * neither returned nor needed to rebuild the current state. Safe for concurrent use; its memory
 * is per segment and type, not per reading.
 */
final class SegmentTable {
    private final Map<Long, Span> spans = new HashMap<>();

    private static final class Span {
        final Map<String, Instant> newest = new HashMap<>();
        int currents;
    }

    /**
     * Records a reading stored in {@code segment}; {@code replaced} is what
     * {@link ReadingIndex#offer} returned for it.
     */
    synchronized void add(long segment, Reading reading, long replaced) {
        observe(segment, reading.entityType(), reading.observedAt());
        if (replaced != ReadingIndex.NOT_CURRENT) {
            current(segment, replaced);
        }
    }

    /** Records that {@code segment} holds readings of {@code type} up to {@code newest}. */
    synchronized void observe(long segment, String type, Instant newest) {
        spans.computeIfAbsent(segment, s -> new Span()).newest.merge(type, newest, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Records that a current value now lives in {@code segment}, no longer in {@code replaced} (0: none). */
    synchronized void current(long segment, long replaced) {
        spans.computeIfAbsent(segment, s -> new Span()).currents++;
        Span previous = spans.get(replaced);
        if (previous != null) {
            previous.currents--;
        }
    }

    /** The segments below {@code active} that hold nothing but readings expired by {@code cutoffs}. */
    synchronized List<Long> expired(long active, Map<String, Instant> cutoffs) {
        List<Long> result = new ArrayList<>();
        spans.forEach((segment, span) -> {
            if (segment < active && span.currents == 0 && span.newest.entrySet().stream().allMatch(e -> {
                Instant cutoff = cutoffs.get(e.getKey());
                return cutoff != null && e.getValue().isBefore(cutoff);
            })) {
                result.add(segment);
            }
        });
        result.sort(null);
        return result;
    }

    synchronized void remove(long segment) {
        spans.remove(segment);
    }
}
