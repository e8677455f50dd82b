package org.citybrain.hub.store;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * History and current state of every series, in memory, rebuilt from the log on open.
 *
 * <p>One writer (the log's writer thread, or replay) calls {@link #contains} and {@link #add};
 * readers may call the query methods from any thread, and {@link #expire} too. Memory grows with
 * the history kept (about 200 bytes per reading plus its value text): retention
 * ({@link #expire}) bounds it per entity type.
 */
final class ReadingIndex {
    /** What {@link #add} returns when the reading did not become the current value. */
    static final long NOT_CURRENT = -1;
    /** Readings copied out of a series per lock hold while scanning. */
    private static final int SCAN_CHUNK = 4096;

    private final ConcurrentHashMap<URI, ConcurrentHashMap<String, Series>> entities = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<URI>> byType = new ConcurrentHashMap<>();

    boolean contains(Reading reading) {
        Series series = find(reading.entityId(), reading.attribute());
        return series != null && series.contains(reading);
    }

    /**
     * Adds a reading that is not {@link #contains contained} yet, stored in log segment
     * {@code segment}.
     *
     * @return {@link #NOT_CURRENT}, or if it became the current value, the segment of the value
     *         it replaced (0 if it is the series' first)
     */
    long add(Reading reading, long segment) {
        long replaced = entities.computeIfAbsent(reading.entityId(), id -> new ConcurrentHashMap<>())
                .computeIfAbsent(reading.attribute(), a -> new Series())
                .add(reading, segment);
        if (replaced != NOT_CURRENT) {
            byType.computeIfAbsent(reading.entityType(), t -> ConcurrentHashMap.newKeySet()).add(reading.entityId());
        }
        return replaced;
    }

    Optional<Reading> latest(URI entityId, String attribute) {
        Series series = find(entityId, attribute);
        return series == null ? Optional.empty() : Optional.ofNullable(series.latest);
    }

    Map<String, Reading> current(URI entityId) {
        Map<String, Reading> result = new LinkedHashMap<>();
        Map<String, Series> attributes = entities.get(entityId);
        if (attributes != null) {
            attributes.forEach((name, series) -> {
                Reading latest = series.latest;
                if (latest != null) {
                    result.put(name, latest);
                }
            });
        }
        return result;
    }

    List<Reading> history(URI entityId, String attribute, Instant from, Instant to) {
        List<Reading> result = new ArrayList<>();
        scan(entityId, attribute, from, to, result::add);
        return result;
    }

    void scan(URI entityId, String attribute, Instant from, Instant to, Predicate<Reading> visitor) {
        Series series = find(entityId, attribute);
        if (series == null || !from.isBefore(to)) {
            return;
        }
        List<Reading> chunk = new ArrayList<>();
        Instant cursor = from;
        boolean inclusive = true;
        while (true) {
            chunk.clear();
            Instant last = series.copy(cursor, inclusive, to, chunk);
            for (Reading r : chunk) {
                if (!visitor.test(r)) {
                    return;
                }
            }
            if (last == null) {
                return;
            }
            cursor = last;
            inclusive = false;
        }
    }

    List<Reading> lastN(URI entityId, String attribute, Instant from, Instant to, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        Series series = find(entityId, attribute);
        return series == null || n == 0 || !from.isBefore(to) ? List.of() : series.lastN(from, to, n);
    }

    List<URI> entities(String entityType) {
        Set<URI> ids = byType.get(entityType);
        if (ids == null) {
            return List.of();
        }
        List<URI> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparing(URI::toString));
        return sorted;
    }

    /** Drops the history of {@code entityType} before {@code before}; returns how many readings. */
    long expire(String entityType, Instant before) {
        long removed = 0;
        for (URI id : entities(entityType)) {
            Map<String, Series> attributes = entities.get(id);
            if (attributes != null) {
                for (Series series : attributes.values()) {
                    removed += series.expire(entityType, before);
                }
            }
        }
        return removed;
    }

    private Series find(URI entityId, String attribute) {
        Map<String, Series> attributes = entities.get(entityId);
        return attributes == null ? null : attributes.get(attribute);
    }

    /** The readings of one entity attribute by observation time. */
    private static final class Series {
        /** Several readings may share a time when several devices feed one attribute. */
        private final TreeMap<Instant, List<Reading>> byTime = new TreeMap<>();
        private volatile Reading latest;
        private long latestSegment;

        synchronized boolean contains(Reading reading) {
            Reading current = latest;
            if (current != null && current.sameKey(reading)) {
                return true; // also after retention dropped it from byTime
            }
            List<Reading> same = byTime.get(reading.observedAt());
            if (same != null) {
                for (Reading r : same) {
                    if (r.sameKey(reading)) {
                        return true;
                    }
                }
            }
            return false;
        }

        synchronized long add(Reading reading, long segment) {
            byTime.computeIfAbsent(reading.observedAt(), t -> new ArrayList<>(1)).add(reading);
            // strictly newer only: a late reading never replaces a newer current value, and on a
            // tie the value stored first stays
            Reading current = latest;
            if (current == null || reading.observedAt().isAfter(current.observedAt())) {
                long replaced = current == null ? 0 : latestSegment;
                latest = reading;
                latestSegment = segment;
                return replaced;
            }
            return NOT_CURRENT;
        }

        /**
         * Copies up to about {@link #SCAN_CHUNK} readings from {@code from} to {@code to} into
         * {@code out}; returns the last time copied if there may be more, else null.
         */
        synchronized Instant copy(Instant from, boolean inclusive, Instant to, List<Reading> out) {
            if (from.isAfter(to) || (!inclusive && from.equals(to))) {
                return null;
            }
            for (Map.Entry<Instant, List<Reading>> e : byTime.subMap(from, inclusive, to, false).entrySet()) {
                out.addAll(e.getValue());
                if (out.size() >= SCAN_CHUNK) {
                    return e.getKey();
                }
            }
            return null;
        }

        synchronized List<Reading> lastN(Instant from, Instant to, int n) {
            List<Reading> newestFirst = new ArrayList<>(Math.min(n, 1024));
            NavigableMap<Instant, List<Reading>> range = byTime.subMap(from, true, to, false).descendingMap();
            for (List<Reading> same : range.values()) {
                for (int i = same.size() - 1; i >= 0 && newestFirst.size() < n; i--) {
                    newestFirst.add(same.get(i));
                }
                if (newestFirst.size() >= n) {
                    break;
                }
            }
            Collections.reverse(newestFirst);
            return newestFirst;
        }

        synchronized long expire(String entityType, Instant before) {
            long removed = 0;
            var old = byTime.headMap(before, false).values().iterator();
            while (old.hasNext()) {
                List<Reading> same = old.next();
                int size = same.size();
                same.removeIf(r -> r.entityType().equals(entityType));
                removed += size - same.size();
                if (same.isEmpty()) {
                    old.remove();
                }
            }
            return removed;
        }
    }
}
