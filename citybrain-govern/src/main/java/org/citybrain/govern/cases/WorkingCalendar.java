package org.citybrain.govern.cases;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When the departments work: working days (by weekday, minus holidays, plus the make-up working
 * days on weekends that Chinese holiday schedules have), each from {@code start} to {@code end}
 * in {@code zone}. Deadlines counted in working time skip the rest.
 */
public record WorkingCalendar(ZoneId zone, Set<DayOfWeek> weekdays, LocalTime start, LocalTime end, Set<LocalDate> holidays,
        Set<LocalDate> extraWorkdays) {

    /** Beijing: Monday to Friday, 09:00–18:00 Asia/Shanghai, no holidays until configured. */
    public static final WorkingCalendar BEIJING = new WorkingCalendar(ZoneId.of("Asia/Shanghai"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0), Set.of(), Set.of());

    public WorkingCalendar {
        Objects.requireNonNull(zone, "zone");
        weekdays = weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("the working day must start before it ends: " + start + "–" + end);
        }
        holidays = Set.copyOf(holidays);
        extraWorkdays = Set.copyOf(extraWorkdays);
        if (weekdays.isEmpty() && extraWorkdays.isEmpty()) {
            throw new IllegalArgumentException("a calendar needs working days");
        }
    }

    /** Whether {@code date} is a working day. */
    public boolean workingDay(LocalDate date) {
        if (extraWorkdays.contains(date)) {
            return true;
        }
        return weekdays.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    /** The length of one working day. */
    public Duration dayLength() {
        return Duration.between(start, end);
    }

    /**
     * The instant {@code amount} of working time after {@code from}: time outside working hours
     * does not count. From outside working hours the count starts at the next opening.
     */
    public Instant plusWorkingTime(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("negative working time: " + amount);
        }
        LocalDateTime t = LocalDateTime.ofInstant(from, zone);
        Duration left = amount;
        LocalDate date = t.toLocalDate();
        LocalTime time = t.toLocalTime();
        for (int guard = 0; guard < 100_000; guard++) {
            if (workingDay(date) && time.isBefore(end)) {
                LocalTime open = time.isBefore(start) ? start : time;
                Duration today = Duration.between(open, end);
                if (left.compareTo(today) <= 0) {
                    return ZonedDateTime.of(date, open, zone).plus(left).toInstant();
                }
                left = left.minus(today);
            }
            date = date.plusDays(1);
            time = LocalTime.MIN;
        }
        throw new IllegalStateException("no working time found within 100,000 days");
    }
}
