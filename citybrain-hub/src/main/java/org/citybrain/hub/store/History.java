package org.citybrain.hub.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * History read from the log: the segments in order, each with its runs ({@link Segment}), and the
 * retention cutoffs per entity type. A query for one series visits the segments whose span meets
 * its range, merges their runs by (time, segment, offset), which is time order and then the order
 * stored, and reads each reading's record. A run's entries are loaded only when the merge reaches
 * its first time, so a scan holds the entries of the segments it is in, not of its whole range.
 * Safe for concurrent use.
 *
 * <p>A query leases every segment it plans to read before it reads it ({@link Segment#acquire}) and
 * lets go when it ends, so retention deleting a segment, or the store closing, cannot pull a file
 * from under it: it reads what it planned, or skips a segment that retention deleted before it
 * got there (every reading in it was expired, and cutoffs only go up). Any error reading a leased
 * segment is a real one.
 */
final class History {
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Map<String, Instant> cutoffs = new ConcurrentHashMap<>();

    void put(Segment segment) {
        segments.put(segment.number, segment);
    }

    Segment remove(long number) {
        return segments.remove(number);
    }

    Iterable<Segment> segments() {
        return segments.values();
    }

    Map<String, Instant> cutoffs() {
        return cutoffs;
    }

    /** A run's entries in a range, loaded on first use; ordered in a merge by its next entry. */
    private static final class Cursor {
        final Segment segment;
        final Run run;
        final long fromSecond;
        final int fromNano;
        final long toSecond;
        final int toNano;
        Entries entries; // null until loaded
        int next;
        int end;

        Cursor(Segment segment, Run run, long fromSecond, int fromNano, long toSecond, int toNano) {
            this.segment = segment;
            this.run = run;
            this.fromSecond = fromSecond;
            this.fromNano = fromNano;
            this.toSecond = toSecond;
            this.toNano = toNano;
        }

        /** Loads the entries; false if none is in range. */
        boolean load() throws IOException {
            entries = segment.entries(run);
            next = entries.lowerBound(fromSecond, fromNano);
            end = entries.lowerBound(toSecond, toNano);
            return next < end;
        }

        long second() {
            return entries == null ? Math.max(run.minSecond, fromSecond) : entries.seconds[next];
        }

        int nano() {
            if (entries != null) {
                return entries.nanos[next];
            }
            return Entries.compare(run.minSecond, run.minNano, fromSecond, fromNano) >= 0 ? run.minNano : fromNano;
        }

        /** Before any entry of its segment at the same time until loaded, so it is loaded in time. */
        long offset() {
            return entries == null ? -1 : entries.offsets[next];
        }

        static int compare(Cursor a, Cursor b) {
            int c = Entries.compare(a.second(), a.nano(), b.second(), b.nano());
            if (c != 0) {
                return c;
            }
            c = Long.compare(a.segment.number, b.segment.number);
            return c != 0 ? c : Long.compare(a.offset(), b.offset());
        }
    }

    /** Receives each entry of a merge in history order; returns false to stop. */
    @FunctionalInterface
    private interface EntryVisitor {
        boolean visit(Segment segment, long offset) throws IOException;
    }

    /**
     * The segments one query has leased; released when it ends. Retention deletes a segment only
     * once no query holds it, so a query reads all of every segment it leased.
     */
    private static final class Leases {
        private final List<Segment> held = new ArrayList<>();

        /** False if retention deleted {@code segment} before this query could lease it: skip it. */
        boolean take(Segment segment) throws IOException {
            if (!segment.acquire()) {
                return false;
            }
            held.add(segment);
            return true;
        }

        void releaseAll() {
            for (Segment segment : held) {
                segment.release();
            }
            held.clear();
        }
    }

    /**
     * Visits the entries of series {@code key} with {@code from <= time < to} that retention has
     * not expired, in history order.
     */
    private void merge(SeriesKey key, Instant from, Instant to, Leases leases, EntryVisitor visitor) throws IOException {
        long toSecond = to.getEpochSecond();
        int toNano = to.getNano();
        PriorityQueue<Cursor> queue = new PriorityQueue<>(Cursor::compare);
        for (Segment segment : segments.values()) {
            if (!segment.overlaps(from.getEpochSecond(), from.getNano(), toSecond, toNano) || !leases.take(segment)) {
                continue;
            }
            for (Run run : segment.runs(key)) {
                Instant start = from;
                Instant cutoff = cutoffs.get(run.type);
                if (cutoff != null && cutoff.isAfter(start)) {
                    start = cutoff;
                }
                if (run.overlaps(start.getEpochSecond(), start.getNano(), toSecond, toNano)) {
                    queue.add(new Cursor(segment, run, start.getEpochSecond(), start.getNano(), toSecond, toNano));
                }
            }
        }
        Cursor c;
        while ((c = queue.poll()) != null) {
            if (c.entries == null) {
                if (c.load()) {
                    queue.add(c);
                }
                continue;
            }
            if (!visitor.visit(c.segment, c.entries.offsets[c.next])) {
                return;
            }
            if (++c.next < c.end) {
                queue.add(c);
            }
        }
    }

    void scan(SeriesKey key, Instant from, Instant to, Predicate<Reading> visitor) {
        if (!from.isBefore(to)) {
            return;
        }
        query(key, leases -> merge(key, from, to, leases, (segment, offset) -> visitor.test(segment.read(offset))));
    }

    List<Reading> lastN(SeriesKey key, Instant from, Instant to, int n) {
        if (n == 0 || !from.isBefore(to)) {
            return List.of();
        }
        // the newest n entries seen so far, in a ring that grows up to n
        class Ring {
            Segment[] segments = new Segment[Math.min(n, 1024)];
            long[] offsets = new long[segments.length];
            long seen;
        }
        Ring ring = new Ring();
        List<Reading> out = new ArrayList<>();
        query(key, leases -> {
            merge(key, from, to, leases, (segment, offset) -> {
                if (ring.seen == ring.segments.length && ring.seen < n) {
                    int grown = (int) Math.min(n, 2L * ring.segments.length);
                    ring.segments = Arrays.copyOf(ring.segments, grown);
                    ring.offsets = Arrays.copyOf(ring.offsets, grown);
                }
                int slot = (int) (ring.seen % ring.segments.length);
                ring.segments[slot] = segment;
                ring.offsets[slot] = offset;
                ring.seen++;
                return true;
            });
            int kept = (int) Math.min(ring.seen, ring.segments.length);
            for (int i = 0; i < kept; i++) {
                int slot = (int) ((ring.seen - kept + i) % ring.segments.length);
                out.add(ring.segments[slot].read(ring.offsets[slot]));
            }
        });
        return out;
    }

    /**
     * Whether a reading with the same device, series and time as {@code reading} is in history
     * (expired or not); {@code latest} is the series' current value, which answers most cases.
     */
    boolean contains(SeriesKey key, Reading latest, Reading reading) {
        if (latest == null || reading.observedAt().isAfter(latest.observedAt())) {
            return false; // newer than anything stored: the usual case, decided in memory
        }
        if (latest.sameKey(reading)) {
            return true;
        }
        boolean[] found = {false};
        Instant at = reading.observedAt();
        Instant next = at.plusNanos(1);
        query(key, leases -> mergeAll(key, at, next, leases, (segment, offset) -> {
            found[0] = segment.read(offset).sameKey(reading);
            return !found[0];
        }));
        return found[0];
    }

    /** Visits the entries of {@code key} in {@code [from, to)}, expired or not, in no particular order. */
    private void mergeAll(SeriesKey key, Instant from, Instant to, Leases leases, EntryVisitor visitor) throws IOException {
        for (Segment segment : segments.values()) {
            if (!segment.overlaps(from.getEpochSecond(), from.getNano(), to.getEpochSecond(), to.getNano())
                    || !leases.take(segment)) {
                continue;
            }
            for (Run run : segment.runs(key)) {
                if (!run.overlaps(from.getEpochSecond(), from.getNano(), to.getEpochSecond(), to.getNano())) {
                    continue;
                }
                Cursor c = new Cursor(segment, run, from.getEpochSecond(), from.getNano(), to.getEpochSecond(), to.getNano());
                if (c.load()) {
                    for (int i = c.next; i < c.end; i++) {
                        if (!visitor.visit(segment, c.entries.offsets[i])) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /**
     * Retention: from now on history hides readings of {@code type} before {@code before}.
     *
     * @return how many readings it hid that it returned before
     */
    long expire(String type, Instant before) {
        Instant previous = cutoffs.get(type);
        cutoffs.merge(type, before, (a, b) -> a.isAfter(b) ? a : b);
        Instant from = previous == null ? Instant.MIN : previous;
        if (!from.isBefore(before)) {
            return 0;
        }
        long[] removed = {0};
        query(null, leases -> {
            for (Segment segment : segments.values()) {
                if (!segment.overlaps(from.getEpochSecond(), from.getNano(), before.getEpochSecond(), before.getNano())
                        || !leases.take(segment)) {
                    continue;
                }
                List<Run> runs = new ArrayList<>();
                segment.forEachRun(runs::add);
                for (Run run : runs) {
                    if (!run.type.equals(type)
                            || !run.overlaps(from.getEpochSecond(), from.getNano(), before.getEpochSecond(), before.getNano())) {
                        continue;
                    }
                    Cursor c = new Cursor(segment, run, from.getEpochSecond(), from.getNano(), before.getEpochSecond(),
                            before.getNano());
                    if (c.load()) {
                        removed[0] += c.end - c.next;
                    }
                }
            }
        });
        return removed[0];
    }

    @FunctionalInterface
    private interface Query {
        void run(Leases leases) throws IOException;
    }

    /** Runs a query holding leases on the segments it reads until it ends. */
    private static void query(SeriesKey key, Query query) {
        Leases leases = new Leases();
        try {
            query.run(leases);
        } catch (IOException e) {
            throw new StoreException("reading history" + (key == null ? "" : " of " + key.entityId() + " "
                    + key.attribute()) + ": " + e.getMessage(), e);
        } finally {
            leases.releaseAll();
        }
    }
}
