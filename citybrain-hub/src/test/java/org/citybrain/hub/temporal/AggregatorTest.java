package org.citybrain.hub.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Per-period aggregation against sums computed here, one value at a time. */
class AggregatorTest {
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static String number(double v) {
        return "{\"type\":\"Property\",\"value\":" + v + ",\"unitCode\":\"KMH\"}";
    }

    private static Aggregator hourly() {
        return new Aggregator(Optional.of(HOUR), TimeRange.ALL, 1000);
    }

    @Test
    void everyMethodMatchesTheValuesOfItsPeriodComputedByHand() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Aggregator aggregator = hourly();
        List<List<Double>> byHour = new ArrayList<>();
        for (int h = 0; h < 5; h++) {
            List<Double> values = new ArrayList<>();
            for (int m = 0; m < 60; m += 1 + random.nextInt(10)) {
                double v = Math.round(random.nextGaussian() * 1000) / 10.0;
                values.add(v);
                aggregator.add(T0.plus(HOUR.multipliedBy(h)).plusSeconds(m * 60L), number(v));
            }
            byHour.add(values);
        }
        List<Bucket> buckets = aggregator.result();
        assertThat(buckets).as("seed %d", seed).hasSize(5);
        for (int h = 0; h < 5; h++) {
            List<Double> values = byHour.get(h);
            Bucket b = buckets.get(h);
            double sum = values.stream().mapToDouble(Double::doubleValue).sum();
            double mean = sum / values.size();
            double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / values.size();
            assertThat(b.start()).isEqualTo(T0.plus(HOUR.multipliedBy(h)));
            assertThat(b.end()).isEqualTo(T0.plus(HOUR.multipliedBy(h + 1)));
            assertThat(b.value(AggregateMethod.TOTAL_COUNT).getAsDouble()).isEqualTo(values.size());
            assertThat(b.value(AggregateMethod.SUM).getAsDouble()).as("seed %d", seed).isCloseTo(sum, within(1e-9));
            assertThat(b.value(AggregateMethod.AVG).getAsDouble()).isCloseTo(mean, within(1e-9));
            assertThat(b.value(AggregateMethod.MIN).getAsDouble()).isEqualTo(values.stream().mapToDouble(v -> v).min().getAsDouble());
            assertThat(b.value(AggregateMethod.MAX).getAsDouble()).isEqualTo(values.stream().mapToDouble(v -> v).max().getAsDouble());
            assertThat(b.value(AggregateMethod.STDDEV).getAsDouble()).isCloseTo(Math.sqrt(variance), within(1e-9));
            assertThat(b.value(AggregateMethod.SUMSQ).getAsDouble())
                    .isCloseTo(values.stream().mapToDouble(v -> v * v).sum(), within(1e-6));
        }
    }

    @Test
    void periodsWithoutInstancesAreLeftOut() {
        Aggregator aggregator = hourly();
        aggregator.add(T0.plusSeconds(10), number(1));
        aggregator.add(T0.plus(HOUR.multipliedBy(3)).plusSeconds(10), number(3));
        assertThat(aggregator.result()).extracting(Bucket::start).containsExactly(T0, T0.plus(HOUR.multipliedBy(3)));
    }

    @Test
    void nonNumericValuesAreCountedButNotAveraged() {
        Aggregator aggregator = hourly();
        aggregator.add(T0, "{\"type\":\"Property\",\"value\":\"jammed\"}");
        aggregator.add(T0.plusSeconds(1), "{\"type\":\"Property\",\"value\":true}");
        aggregator.add(T0.plusSeconds(2), "{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:X:1\"}");
        aggregator.add(T0.plusSeconds(3), "{\"type\":\"Property\",\"value\":{\"value\":5}}");
        aggregator.add(T0.plus(HOUR), "{\"type\":\"Property\",\"value\":\"x\"}");
        aggregator.add(T0.plus(HOUR).plusSeconds(1), number(4));
        List<Bucket> buckets = aggregator.result();

        assertThat(buckets.get(0).value(AggregateMethod.TOTAL_COUNT)).hasValue(4);
        for (AggregateMethod m : List.of(AggregateMethod.AVG, AggregateMethod.SUM, AggregateMethod.MIN, AggregateMethod.MAX)) {
            assertThat(buckets.get(0).value(m)).as(m.ngsiLdName()).isEmpty();
        }
        assertThat(buckets.get(1).value(AggregateMethod.TOTAL_COUNT)).hasValue(2);
        assertThat(buckets.get(1).value(AggregateMethod.AVG)).hasValue(4);
    }

    @Test
    void periodsAreAlignedToTheEpochWhateverTheZoneOfTheTimes() {
        // 09:30 in Shanghai is 01:30Z; its hour is 01:00Z, its day starts at 00:00Z, not at local midnight
        Instant shanghai = OffsetDateTime.parse("2026-11-29T09:30:00+08:00").toInstant();
        Instant newYork = OffsetDateTime.parse("2026-11-28T20:30:00-05:00").toInstant();
        assertThat(newYork).isEqualTo(shanghai);
        assertThat(Aggregator.periodStart(shanghai, HOUR)).isEqualTo(Instant.parse("2026-11-29T01:00:00Z"));
        assertThat(Aggregator.periodStart(newYork, Duration.ofDays(1))).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(Aggregator.periodStart(Instant.parse("2026-11-29T01:00:00Z"), Duration.ofMinutes(15)))
                .isEqualTo(Instant.parse("2026-11-29T01:00:00Z"));
        // before the epoch too: periods are floored, not truncated toward 1970
        assertThat(Aggregator.periodStart(Instant.parse("1969-12-31T23:59:59Z"), HOUR))
                .isEqualTo(Instant.parse("1969-12-31T23:00:00Z"));
    }

    @Test
    void withoutADurationTheWholeRangeIsOnePeriod() {
        TimeRange range = TimeRange.between(T0, T0.plus(Duration.ofDays(2)));
        Aggregator aggregator = new Aggregator(Optional.empty(), range, 1);
        aggregator.add(T0.plusSeconds(5), number(2));
        aggregator.add(T0.plus(Duration.ofDays(1)), number(4));
        assertThat(aggregator.result()).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(range.from());
            assertThat(b.end()).isEqualTo(range.to());
            assertThat(b.value(AggregateMethod.AVG)).hasValue(3);
        });

        Aggregator unbounded = new Aggregator(Optional.empty(), TimeRange.ALL, 1);
        unbounded.add(T0, number(1));
        unbounded.add(T0.plusSeconds(60), number(1));
        assertThat(unbounded.result()).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(T0);
            assertThat(b.end()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    void noInstancesNoPeriods() {
        assertThat(hourly().result()).isEmpty();
    }

    @Test
    void morePeriodsThanAllowedIsRefused() {
        Aggregator aggregator = new Aggregator(Optional.of(Duration.ofMinutes(1)), TimeRange.ALL, 3);
        for (int m = 0; m < 3; m++) {
            aggregator.add(T0.plusSeconds(60L * m), number(m));
        }
        assertThatThrownBy(() -> aggregator.add(T0.plusSeconds(180), number(3)))
                .isInstanceOf(TemporalLimitException.class).hasMessageContaining("more than 3 periods");
    }
}
