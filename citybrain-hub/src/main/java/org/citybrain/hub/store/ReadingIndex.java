package org.citybrain.hub.store;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The current value of every series and the entities of every type, in memory: bounded by the
 * number of series, not by history (which stays on disk, see {@link History}).
 *
 * <p>One writer (the log's writer thread, or opening) calls {@link #series(Reading)} and
 * {@link #offer}; readers may call the query methods from any thread.
 */
final class ReadingIndex {
    /** What {@link #offer} returns when the reading did not become the current value. */
    static final long NOT_CURRENT = -1;

    /** One entity attribute: its key and current value. */
    static final class Series {
        final SeriesKey key;
        volatile Reading latest;
        long latestSegment;
        // the log's writer thread only: the newest time of this series in the batch being written
        long batch;
        Instant batchNewest;
        // while opening: where the newest reading seen so far is, read once all runs are known
        long newestSecond = Long.MIN_VALUE;
        int newestNano;
        long newestSegment = -1;
        long newestOffset;

        Series(SeriesKey key) {
            this.key = key;
        }
    }

    private final ConcurrentHashMap<URI, ConcurrentHashMap<String, Series>> entities = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<URI>> byType = new ConcurrentHashMap<>();

    /** The series of {@code reading}, created if new. */
    Series series(Reading reading) {
        return series(reading.entityId(), reading.attribute());
    }

    Series series(URI entityId, String attribute) {
        return entities.computeIfAbsent(entityId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(attribute, a -> new Series(new SeriesKey(entityId, a)));
    }

    Series find(URI entityId, String attribute) {
        Map<String, Series> attributes = entities.get(entityId);
        return attributes == null ? null : attributes.get(attribute);
    }

    /**
     * Makes {@code reading}, stored in log segment {@code segment}, the current value of
     * {@code series} if it is strictly newer: a late reading never replaces a newer current
     * value, and on a tie the value stored first stays.
     *
     * @return {@link #NOT_CURRENT}, or the segment of the value it replaced (0 if the first)
     */
    long offer(Series series, Reading reading, long segment) {
        long replaced;
        synchronized (series) {
            Reading current = series.latest;
            if (current != null && !reading.observedAt().isAfter(current.observedAt())) {
                return NOT_CURRENT;
            }
            replaced = current == null ? 0 : series.latestSegment;
            series.latest = reading;
            series.latestSegment = segment;
        }
        byType.computeIfAbsent(reading.entityType(), t -> ConcurrentHashMap.newKeySet()).add(reading.entityId());
        return replaced;
    }

    void forEachSeries(Consumer<Series> action) {
        entities.values().forEach(attributes -> attributes.values().forEach(action));
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

    List<URI> entities(String entityType) {
        Set<URI> ids = byType.get(entityType);
        if (ids == null) {
            return List.of();
        }
        List<URI> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparing(URI::toString));
        return sorted;
    }
}
