package org.citybrain.hub.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The segment being written, or one being rebuilt from its log on open: its runs in memory, one
 * entry (20 bytes) per reading, so bounded by the segment size. Sealing writes them to a
 * {@link SegmentIndexFile} and the memory goes. One writer thread adds; readers take snapshots.
 */
final class ActiveSegment extends Segment {
    /** One series' readings of one type here, in store order, and their span. */
    private static final class Builder {
        final SeriesKey key;
        final String type;
        final Entries entries = new Entries(4);
        long minSecond = Long.MAX_VALUE;
        int minNano;
        long maxSecond = Long.MIN_VALUE;
        int maxNano;
        long latestOffset;

        Builder(SeriesKey key, String type) {
            this.key = key;
            this.type = type;
        }

        Run snapshot() {
            Entries view = new Entries(0);
            view.seconds = entries.seconds;
            view.nanos = entries.nanos;
            view.offsets = entries.offsets;
            view.size = entries.size;
            return new Run(key, type, entries.size, minSecond, minNano, maxSecond, maxNano, latestOffset, -1, view);
        }
    }

    // guarded by this
    private final Map<SeriesKey, List<Builder>> runs = new HashMap<>();
    private long minSecond = Long.MAX_VALUE;
    private int minNano;
    private long maxSecond = Long.MIN_VALUE;
    private int maxNano;
    private long entries;

    ActiveSegment(long number, Path path) {
        super(number, path, new Handle(path));
    }

    /** Indexes a durable reading of series {@code key} whose record starts at {@code offset}. */
    synchronized void add(SeriesKey key, Reading reading, long offset) {
        List<Builder> ofKey = runs.computeIfAbsent(key, k -> new ArrayList<>(1));
        Builder run = null;
        for (Builder b : ofKey) {
            if (b.type.equals(reading.entityType())) {
                run = b;
            }
        }
        if (run == null) {
            run = new Builder(key, reading.entityType());
            ofKey.add(run);
        }
        long s = reading.observedAt().getEpochSecond();
        int n = reading.observedAt().getNano();
        run.entries.add(s, n, offset);
        if (Entries.compare(s, n, run.minSecond, run.minNano) < 0) {
            run.minSecond = s;
            run.minNano = n;
        }
        if (Entries.compare(s, n, run.maxSecond, run.maxNano) > 0) {
            run.maxSecond = s;
            run.maxNano = n;
            run.latestOffset = offset;
        }
        if (Entries.compare(s, n, minSecond, minNano) < 0) {
            minSecond = s;
            minNano = n;
        }
        if (Entries.compare(s, n, maxSecond, maxNano) > 0) {
            maxSecond = s;
            maxNano = n;
        }
        entries++;
    }

    /** Entries held in memory: one per reading in this segment. */
    synchronized long entryCount() {
        return entries;
    }

    @Override
    synchronized List<Run> runs(SeriesKey key) {
        List<Builder> ofKey = runs.get(key);
        if (ofKey == null) {
            return List.of();
        }
        List<Run> out = new ArrayList<>(ofKey.size());
        ofKey.forEach(b -> out.add(b.snapshot()));
        return out;
    }

    @Override
    void forEachRun(Consumer<Run> action) {
        List<Run> all = new ArrayList<>();
        synchronized (this) {
            runs.values().forEach(list -> list.forEach(b -> all.add(b.snapshot())));
        }
        all.forEach(action);
    }

    @Override
    Entries entries(Run run) {
        return run.stored.sortedCopy(run.count);
    }

    @Override
    synchronized boolean overlaps(long fromSecond, int fromNano, long toSecond, int toNano) {
        return entries > 0 && Entries.compare(maxSecond, maxNano, fromSecond, fromNano) >= 0
                && Entries.compare(minSecond, minNano, toSecond, toNano) < 0;
    }

    synchronized long[] span() {
        return new long[] {minSecond, minNano, maxSecond, maxNano, entries};
    }
}
