package org.citybrain.control.parking;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Consecutive calendar days, each cut into the same {@link DailySlots}. Slot index
 * {@code i = day * slotsPerDay + slot}, day 0 being {@code firstDay}; series store one value per
 * index. Times are local (the sensors report wall-clock time), so a daylight-saving change moves
 * nothing.
 */
public record SlotGrid(LocalDate firstDay, int days, DailySlots daily) {
    public SlotGrid {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(daily, "daily");
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative, got " + days);
        }
    }

    public int size() {
        return days * daily.slotsPerDay();
    }

    public int slotsPerDay() {
        return daily.slotsPerDay();
    }

    public int slotMinutes() {
        return daily.slotMinutes();
    }

    public LocalDate lastDay() {
        return firstDay.plusDays(days - 1L);
    }

    public int dayOf(int index) {
        return index / daily.slotsPerDay();
    }

    public int slotOf(int index) {
        return index % daily.slotsPerDay();
    }

    public LocalDate date(int index) {
        return firstDay.plusDays(dayOf(index));
    }

    public DayOfWeek weekday(int index) {
        return date(index).getDayOfWeek();
    }

    public LocalDateTime time(int index) {
        return date(index).atTime(daily.start(slotOf(index)));
    }

    /** Index of the first slot of {@code day}; may lie outside the grid. */
    public int firstIndexOf(LocalDate day) {
        return Math.toIntExact(ChronoUnit.DAYS.between(firstDay, day) * daily.slotsPerDay());
    }

    /** The slot whose start is nearest to {@code t}, if within half a slot and on the grid. */
    public OptionalInt nearest(LocalDateTime t) {
        long day = ChronoUnit.DAYS.between(firstDay, t.toLocalDate());
        if (day < 0 || day >= days) {
            return OptionalInt.empty();
        }
        double minutes = (t.toLocalTime().toNanoOfDay() - daily.first().toNanoOfDay()) / 60e9;
        long slot = Math.max(0, Math.min(daily.slotsPerDay() - 1L, Math.round(minutes / daily.slotMinutes())));
        if (Math.abs(minutes - slot * daily.slotMinutes()) > daily.slotMinutes() / 2.0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (day * daily.slotsPerDay() + slot));
    }

    /** The last slot starting at or before {@code t}, if {@code t} lies on or after the first slot of the grid. */
    public OptionalInt atOrBefore(LocalDateTime t) {
        long day = ChronoUnit.DAYS.between(firstDay, t.toLocalDate());
        long minutes = Math.floorDiv(t.toLocalTime().toSecondOfDay() - daily.first().toSecondOfDay(), 60);
        long slot = Math.min(daily.slotsPerDay() - 1L, Math.floorDiv(minutes, daily.slotMinutes()));
        if (slot < 0) {
            day--;
            slot = daily.slotsPerDay() - 1L;
        }
        if (day < 0 || day >= days) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (day * daily.slotsPerDay() + slot));
    }

    /** The same slots over the first {@code newDays} days. */
    SlotGrid truncated(int newDays) {
        return new SlotGrid(firstDay, Math.min(days, newDays), daily);
    }
}
