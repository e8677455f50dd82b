package org.citybrain.hub.store;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * History and current state of every series, in memory, rebuilt from the log on open.
 *
 * <p>One writer (the log's writer thread, or replay) calls {@link #contains} and {@link #add};
 * readers may call the query methods from any thread. Memory grows with the whole history
 * (about 200 bytes per reading plus its value text): fine for tests, demos and days of a
 * mid-sized city, not for years; retention and an on-disk index come with the History work.
 */
final class ReadingIndex {

    private final ConcurrentHashMap<URI, ConcurrentHashMap<String, Series>> entities = new ConcurrentHashMap<>();

    boolean contains(Reading reading) {
        Series series = find(reading.entityId(), reading.attribute());
        return series != null && series.contains(reading);
    }

    /** Adds a reading that is not {@link #contains contained} yet. */
    void add(Reading reading) {
        entities.computeIfAbsent(reading.entityId(), id -> new ConcurrentHashMap<>())
                .computeIfAbsent(reading.attribute(), a -> new Series())
                .add(reading);
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
        Series series = find(entityId, attribute);
        return series == null ? List.of() : series.range(from, to);
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

        synchronized boolean contains(Reading reading) {
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

        synchronized void add(Reading reading) {
            byTime.computeIfAbsent(reading.observedAt(), t -> new ArrayList<>(1)).add(reading);
            // strictly newer only: a late reading never replaces a newer current value, and on a
            // tie the value stored first stays
            Reading current = latest;
            if (current == null || reading.observedAt().isAfter(current.observedAt())) {
                latest = reading;
            }
        }

        synchronized List<Reading> range(Instant from, Instant to) {
            List<Reading> result = new ArrayList<>();
            if (from.isBefore(to)) {
                byTime.subMap(from, true, to, false).values().forEach(result::addAll);
            }
            return result;
        }
    }
}
