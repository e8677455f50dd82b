package org.citybrain.hub.store;

/**
 * Where the readings of one series of one entity type are in one log segment, and their time
 * span: what the store keeps about history instead of the readings themselves. A sealed
 * segment's runs are on disk ({@link SegmentIndexFile}); the active segment's in memory
 * ({@link ActiveSegment}).
 *
 * <p>Times are an epoch second and a nanosecond, as {@link java.time.Instant} has them.
 * {@code latestOffset} is the segment offset of the first-stored reading at the run's newest
 * time, so that opening the store can find the current value without replaying the log.
 */
final class Run {
    final SeriesKey key;
    final String type;
    final int count;
    final long minSecond;
    final int minNano;
    final long maxSecond;
    final int maxNano;
    final long latestOffset;
    /** Sealed: where the entries start in the index file; active: unused. */
    final long entriesPosition;
    /** Active: a snapshot of the first {@code count} entries in store order; sealed: null. */
    final Entries stored;

    Run(SeriesKey key, String type, int count, long minSecond, int minNano, long maxSecond, int maxNano,
            long latestOffset, long entriesPosition, Entries stored) {
        this.key = key;
        this.type = type;
        this.count = count;
        this.minSecond = minSecond;
        this.minNano = minNano;
        this.maxSecond = maxSecond;
        this.maxNano = maxNano;
        this.latestOffset = latestOffset;
        this.entriesPosition = entriesPosition;
        this.stored = stored;
    }

    /** Whether any of the run's times can be in {@code [from, to)}. */
    boolean overlaps(long fromSecond, int fromNano, long toSecond, int toNano) {
        return Entries.compare(maxSecond, maxNano, fromSecond, fromNano) >= 0
                && Entries.compare(minSecond, minNano, toSecond, toNano) < 0;
    }
}
