package org.citybrain.hub.temporal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;

/**
 * The temporal evolution of entities, from the {@link ReadingStore}'s history (API writes and
 * device readings alike). Every range is first cut at the entity type's retention cutoff, so
 * history older than the window is never answered, swept or not.
 */
public final class TemporalHistory {
    private final ReadingStore store;
    private final RetentionPolicy retention;
    private final Clock clock;

    public TemporalHistory(ReadingStore store, RetentionPolicy retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What history knows of an entity: its type and the names of its attributes, sorted. */
    public record Subject(URI id, String type, List<String> attributes) {
    }

    /** The entity if it has any history or current value. */
    public Optional<Subject> subject(URI id) {
        Map<String, Reading> current = store.current(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String type = current.values().iterator().next().entityType();
        return Optional.of(new Subject(id, type, List.copyOf(new TreeSet<>(current.keySet()))));
    }

    /** The ids of entities of any of {@code types} with history, ordered by id, without repeats. */
    public List<URI> entities(Iterable<String> types) {
        TreeSet<String> ids = new TreeSet<>();
        types.forEach(t -> store.entities(t).forEach(id -> ids.add(id.toString())));
        List<URI> result = new ArrayList<>(ids.size());
        ids.forEach(id -> result.add(URI.create(id)));
        return result;
    }

    /** The ids of entities, of any type, with history of any of {@code attributes}, ordered by id. */
    public List<URI> entitiesWith(Set<String> attributes) {
        return store.entitiesWith(attributes);
    }

    /**
     * Raw instances of one attribute, oldest first: all of the range, or the last {@code lastN}.
     *
     * @param limit the most instances to answer without {@code lastN}
     * @throws TemporalLimitException if the range holds more than {@code limit} and no
     *                                {@code lastN} bounds it, or {@code lastN} is above it
     */
    public List<Reading> instances(Subject subject, String attribute, TimeRange range, OptionalInt lastN, int limit) {
        TimeRange kept = retained(subject, range);
        if (kept.isEmpty()) {
            return List.of();
        }
        if (lastN.isPresent()) {
            if (lastN.getAsInt() > limit) {
                throw new TemporalLimitException("lastN " + lastN.getAsInt() + " is more than the " + limit
                        + " instances a response may hold");
            }
            return store.lastN(subject.id(), attribute, kept.from(), kept.to(), lastN.getAsInt());
        }
        List<Reading> result = new ArrayList<>();
        store.scan(subject.id(), attribute, kept.from(), kept.to(), r -> result.add(r) && result.size() <= limit);
        if (result.size() > limit) {
            throw new TemporalLimitException("attribute " + attribute + " of " + subject.id() + " has more than " + limit
                    + " instances in the time range; narrow it (timerel, timeAt, endTimeAt), ask for lastN, or aggregate");
        }
        return result;
    }

    /**
     * Per-period aggregates of one attribute (see {@link Aggregator} for periods and alignment),
     * computed while streaming its history.
     *
     * @throws TemporalLimitException if more than {@code maxPeriods} periods have instances
     */
    public List<Bucket> aggregate(Subject subject, String attribute, TimeRange range, Optional<Duration> period,
            int maxPeriods) {
        TimeRange kept = retained(subject, range);
        Aggregator aggregator = new Aggregator(period, kept, maxPeriods);
        if (!kept.isEmpty()) {
            store.scan(subject.id(), attribute, kept.from(), kept.to(), r -> {
                aggregator.add(r.observedAt(), r.value());
                return true;
            });
        }
        return aggregator.result();
    }

    private TimeRange retained(Subject subject, TimeRange range) {
        return retention.cutoff(subject.type(), clock.instant()).map(range::notBefore).orElse(range);
    }
}
