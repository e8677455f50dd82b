package org.citybrain.hub.temporal;

import java.time.Instant;
import java.util.Objects;

/**
 * Observation times {@code from <= t < to}. {@link Instant#MIN} and {@link Instant#MAX} stand for
 * no bound.
 */
public record TimeRange(Instant from, Instant to) {
    /** Every time. */
    public static final TimeRange ALL = new TimeRange(Instant.MIN, Instant.MAX);

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** NGSI-LD {@code timerel=before}: strictly before {@code t}. */
    public static TimeRange before(Instant t) {
        return new TimeRange(Instant.MIN, t);
    }

    /** NGSI-LD {@code timerel=after}: strictly after {@code t}. */
    public static TimeRange after(Instant t) {
        return new TimeRange(t.equals(Instant.MAX) ? t : t.plusNanos(1), Instant.MAX);
    }

    /** NGSI-LD {@code timerel=between}: from {@code start} included to {@code end} excluded. */
    public static TimeRange between(Instant start, Instant end) {
        return new TimeRange(start, end);
    }

    public boolean isEmpty() {
        return !from.isBefore(to);
    }

    /** This range without what lies before {@code earliest}. */
    public TimeRange notBefore(Instant earliest) {
        return earliest.isAfter(from) ? new TimeRange(earliest, to) : this;
    }
}
