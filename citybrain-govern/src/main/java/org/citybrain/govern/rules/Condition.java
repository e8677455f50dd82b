package org.citybrain.govern.rules;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a rule looks for in one series of readings. Every kind is evaluated per arriving reading
 * in constant time and memory per rule and entity (the anomaly baseline holds one slot per hour of
 * its season).
 */
public sealed interface Condition {

    /**
     * The value is above (or below) {@code limit} at every reading for at least {@code persistence},
     * measured from the first such reading to the latest. Readings are points in time; two readings
     * further apart than {@code maxGap} do not make one run (decision 0017: a gap is not evidence).
     *
     * @param above       true: breach when value &gt; limit; false: when value &lt; limit
     * @param limit       the threshold, in the attribute's unit
     * @param persistence how long the breach must hold before the alert is raised; zero raises at once
     * @param maxGap      readings further apart than this end the run
     * @param clearAt     hysteresis: once raised, the alert clears only when the value is back
     *                    beyond this (below it for {@code above}); empty: back beyond {@code limit}
     */
    record Threshold(boolean above, double limit, Duration persistence, Duration maxGap, OptionalDouble clearAt)
            implements Condition {
        public Threshold {
            nonNegative(persistence, "persistence");
            positive(maxGap, "maxGap");
            Objects.requireNonNull(clearAt, "clearAt");
            if (clearAt.isPresent() && (above ? clearAt.getAsDouble() > limit : clearAt.getAsDouble() < limit)) {
                throw new IllegalArgumentException("clearAt " + clearAt.getAsDouble() + " must lie on the safe side of "
                        + limit);
            }
        }
    }

    /**
     * The value changes faster than {@code perHour} between consecutive readings no more than
     * {@code maxGap} apart: a rise when {@code rising}, a fall otherwise.
     */
    record RateOfChange(boolean rising, double perHour, Duration persistence, Duration maxGap) implements Condition {
        public RateOfChange {
            if (!(perHour > 0)) {
                throw new IllegalArgumentException("perHour must be positive: " + perHour);
            }
            nonNegative(persistence, "persistence");
            positive(maxGap, "maxGap");
        }
    }

    /**
     * No reading of the attribute for longer than {@code silence}: a sensor gone silent, or one that
     * never reported. Checked by {@link RuleEngine#tick}; watched are the entities that have sent a
     * reading and those {@linkplain RuleEngine#expect expected} (registered devices, entities of the
     * rule's type), the latter from when they were first expected.
     */
    record Absence(Duration silence) implements Condition {
        public Absence {
            positive(silence, "silence");
        }
    }

    /**
     * The value lies more than {@code sigmas} standard deviations from the baseline learned for
     * its slot of the season (the hour of the day or of the week, in {@code zone}), once that slot
     * has seen {@code minSamples} readings. The baseline is an exponentially weighted mean and
     * variance per slot with weight {@code learningRate} for the newest reading, updated after the
     * reading is tested.
     */
    record Anomaly(Season season, ZoneId zone, double sigmas, int minSamples, double learningRate, double minSpread,
            Direction direction, Duration persistence, Duration maxGap) implements Condition {
        public Anomaly {
            Objects.requireNonNull(season, "season");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(direction, "direction");
            if (!(sigmas > 0)) {
                throw new IllegalArgumentException("sigmas must be positive: " + sigmas);
            }
            if (minSamples < 2) {
                throw new IllegalArgumentException("minSamples must be at least 2: " + minSamples);
            }
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new IllegalArgumentException("learningRate must be in (0, 1]: " + learningRate);
            }
            if (!(minSpread >= 0)) {
                throw new IllegalArgumentException("minSpread must not be negative: " + minSpread);
            }
            nonNegative(persistence, "persistence");
            positive(maxGap, "maxGap");
        }
    }

    /** The season of an anomaly baseline. */
    enum Season {
        HOUR_OF_DAY(24),
        HOUR_OF_WEEK(168);

        final int slots;

        Season(int slots) {
            this.slots = slots;
        }
    }

    /** Which side of the baseline counts as anomalous. */
    enum Direction {
        ABOVE,
        BELOW,
        EITHER
    }

    private static void nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
