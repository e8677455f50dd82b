package org.citybrain.hub.store;

import java.net.URI;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
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

    /**
     * The current values of the entity's attributes: a read-only view, not a copy, so that a
     * retrieval allocates no map (see {@link CurrentView}). Empty if the entity has no series.
     */
    Map<String, Reading> current(URI entityId) {
        ConcurrentHashMap<String, Series> attributes = entities.get(entityId);
        return attributes == null ? Map.of() : new CurrentView(attributes);
    }

    /**
     * The series of one entity seen as attribute name to current value, skipping a series that
     * has none yet (created, its first reading not offered). Thread-safe and weakly consistent,
     * as the {@link ConcurrentHashMap} under it: an iteration sees every value current when it
     * began that is still current, and may see later ones. Values are never removed (retention
     * keeps current values), so a view never shrinks: after {@code isEmpty()} is false an
     * iteration finds a value.
     */
    private static final class CurrentView extends AbstractMap<String, Reading> {
        private final ConcurrentHashMap<String, Series> series;

        CurrentView(ConcurrentHashMap<String, Series> series) {
            this.series = series;
        }

        @Override
        public Reading get(Object attribute) {
            Series s = series.get(attribute);
            return s == null ? null : s.latest;
        }

        @Override
        public boolean containsKey(Object attribute) {
            return get(attribute) != null;
        }

        @Override
        public boolean isEmpty() {
            for (Series s : series.values()) {
                if (s.latest != null) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int size() {
            int n = 0;
            for (Series s : series.values()) {
                if (s.latest != null) {
                    n++;
                }
            }
            return n;
        }

        /** Without an entry object per attribute. */
        @Override
        public void forEach(BiConsumer<? super String, ? super Reading> action) {
            for (Series s : series.values()) {
                Reading latest = s.latest;
                if (latest != null) {
                    action.accept(s.key.attribute(), latest);
                }
            }
        }

        @Override
        public Set<Entry<String, Reading>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Reading>> iterator() {
                    Iterator<Series> all = series.values().iterator();
                    return new Iterator<>() {
                        private Entry<String, Reading> next = advance();

                        private Entry<String, Reading> advance() {
                            while (all.hasNext()) {
                                Series s = all.next();
                                Reading latest = s.latest;
                                if (latest != null) {
                                    return Map.entry(s.key.attribute(), latest);
                                }
                            }
                            return null;
                        }

                        @Override
                        public boolean hasNext() {
                            return next != null;
                        }

                        @Override
                        public Entry<String, Reading> next() {
                            if (next == null) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Reading> result = next;
                            next = advance();
                            return result;
                        }
                    };
                }

                @Override
                public int size() {
                    return CurrentView.this.size();
                }
            };
        }
    }

    List<URI> entitiesWith(Set<String> attributes) {
        List<URI> ids = new ArrayList<>();
        entities.forEach((id, series) -> {
            for (String attribute : attributes) {
                if (series.containsKey(attribute)) {
                    ids.add(id);
                    return;
                }
            }
        });
        ids.sort(Comparator.comparing(URI::toString));
        return ids;
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
