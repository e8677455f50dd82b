package org.citybrain.hub.temporal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-period aggregates of one series, computed while its instances stream by in time order:
 * one open period at a time, so memory is the periods answered, not the instances read.
 *
 * <p>Periods of {@code aggrPeriodDuration} are <b>aligned to the epoch</b> (1970-01-01T00:00Z):
 * PT1H periods are whole UTC hours, P1D periods UTC days, whatever the query's range or the
 * client's time zone, so the same period has the same aggregates in every query that covers it.
 * Where the query's range cuts a period, only the instances inside the range count. Periods
 * without instances are left out. Without a duration, the whole range is one period, from the
 * range's start (or the first instance, when unbounded) to its end (or the last instance).
 */
public final class Aggregator {
    private final Optional<Duration> period;
    private final TimeRange range;
    private final int maxPeriods;
    private final List<Bucket> done = new ArrayList<>();

    // the open period, in primitives: no allocation per instance
    private Instant start;
    private Instant end;
    private Instant last;
    private long count;
    private long numeric;
    private double sum;
    private double sumsq;
    private double min;
    private double max;
    private double mean;
    private double m2;

    /**
     * @param period     the period length, positive; empty for one period over the whole range
     * @param range      the query's range (its bounds become the single period's)
     * @param maxPeriods the most periods with instances to answer
     */
    public Aggregator(Optional<Duration> period, TimeRange range, int maxPeriods) {
        this.period = Objects.requireNonNull(period, "period");
        this.range = Objects.requireNonNull(range, "range");
        period.ifPresent(p -> {
            if (p.isNegative() || p.isZero()) {
                throw new IllegalArgumentException("the period must be positive: " + p);
            }
        });
        if (maxPeriods < 1) {
            throw new IllegalArgumentException("maxPeriods must be positive: " + maxPeriods);
        }
        this.maxPeriods = maxPeriods;
    }

    /**
     * Adds one instance; times must not decrease.
     *
     * @param value the attribute's stored JSON; its {@code value} counts for the numeric methods
     *              if it is a JSON number
     * @throws TemporalLimitException if this instance opens one period more than allowed
     */
    public void add(Instant observedAt, String value) {
        if (start == null || !observedAt.isBefore(end)) {
            close();
            open(observedAt);
        }
        last = observedAt;
        count++;
        double x = NumericValues.of(value);
        if (!Double.isNaN(x)) {
            numeric++;
            sum += x;
            sumsq += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
            double delta = x - mean;
            mean += delta / numeric;
            m2 += delta * (x - mean);
        }
    }

    /** The periods with instances, oldest first. */
    public List<Bucket> result() {
        close();
        return List.copyOf(done);
    }

    /** The epoch-aligned period holding {@code t}. */
    static Instant periodStart(Instant t, Duration period) {
        Duration sinceEpoch = Duration.between(Instant.EPOCH, t);
        long k = sinceEpoch.dividedBy(period); // truncates toward zero
        Instant start = Instant.EPOCH.plus(period.multipliedBy(k));
        return start.isAfter(t) ? start.minus(period) : start;
    }

    private void open(Instant t) {
        if (done.size() >= maxPeriods) {
            throw new TemporalLimitException("the aggregation has more than " + maxPeriods
                    + " periods with values; choose a longer aggrPeriodDuration or a shorter time range");
        }
        if (period.isPresent()) {
            start = periodStart(t, period.get());
            end = start.plus(period.get());
        } else {
            start = range.from().equals(Instant.MIN) ? t : range.from();
            end = Instant.MAX;
        }
        count = 0;
        numeric = 0;
        sum = 0;
        sumsq = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        mean = 0;
        m2 = 0;
    }

    private void close() {
        if (start == null || count == 0) {
            return;
        }
        Instant shownEnd = period.isPresent() ? end : range.to().equals(Instant.MAX) ? last : range.to();
        done.add(new Bucket(start, shownEnd, count, numeric, sum, sumsq, min, max, m2));
        count = 0;
    }
}
