package org.citybrain.govern.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a case of one class may take: elapsed time (round the clock, for emergencies and
 * utilities) or working time on the calendar.
 *
 * @param amount  for working time, working days are converted with the calendar's day length
 * @param working whether only working time counts
 */
public record Deadline(Duration amount, boolean working) {

    /** The Beijing 12345 hotline's classes, the default table. */
    public static final java.util.Map<String, Deadline> BEIJING_12345 = java.util.Map.of(
            "emergency", new Deadline(Duration.ofHours(2), false),
            "utilities", new Deadline(Duration.ofHours(24), false),
            "general", new Deadline(Duration.ofDays(7), true),
            "complex", new Deadline(Duration.ofDays(15), true));

    public Deadline {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative() || amount.isZero()) {
            throw new IllegalArgumentException("a deadline must be positive: " + amount);
        }
    }

    /**
     * The deadline of a case reported at {@code reported}. Working deadlines given in whole days
     * count working days of the calendar's length (7 days = 7 × 9 working hours by default).
     */
    public Instant from(Instant reported, WorkingCalendar calendar) {
        if (!working) {
            return reported.plus(amount);
        }
        Duration work = amount.toHoursPart() == 0 && amount.toMinutesPart() == 0 && amount.toSecondsPart() == 0
                && amount.toDays() > 0 ? calendar.dayLength().multipliedBy(amount.toDays()) : amount;
        return calendar.plusWorkingTime(reported, work);
    }
}
