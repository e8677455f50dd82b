package org.citybrain.hub.temporal;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The aggregates of one period: {@code start <= t < end}, of the instances in it that the query's
 * range also holds.
 *
 * @param count        instances of any value
 * @param numericCount instances whose value is a JSON number; the numeric aggregates are of these
 * @param sum          their sum
 * @param sumsq        the sum of their squares
 * @param min          the smallest (meaningless when {@code numericCount} is 0)
 * @param max          the largest (idem)
 * @param m2           the sum of squared differences from their mean (Welford), for stddev
 */
public record Bucket(Instant start, Instant end, long count, long numericCount, double sum, double sumsq, double min,
        double max, double m2) {

    /**
     * The value of {@code method} for this period; empty for a numeric method when no value was
     * numeric. Standard deviation is the population's (divided by n).
     */
    public OptionalDouble value(AggregateMethod method) {
        if (method == AggregateMethod.TOTAL_COUNT) {
            return OptionalDouble.of(count);
        }
        if (numericCount == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(switch (method) {
            case SUM -> sum;
            case AVG -> sum / numericCount;
            case MIN -> min;
            case MAX -> max;
            case STDDEV -> Math.sqrt(m2 / numericCount);
            case SUMSQ -> sumsq;
            case TOTAL_COUNT -> count;
        });
    }
}
