package org.citybrain.control.parking;

import java.time.LocalTime;
import java.util.Objects;

/**
 * The slots of one operating day: {@code slotsPerDay} slots of {@code slotMinutes}, the first
 * starting at {@code first}. A reading belongs to the slot whose start is nearest to it, if that is
 * at most half a slot away.
 */
public record DailySlots(LocalTime first, int slotMinutes, int slotsPerDay) {
    /** The Birmingham feed: every 30 min from 08:00 to 16:30, 18 slots. */
    public static final DailySlots HALF_HOURS_08_TO_1630 = new DailySlots(LocalTime.of(8, 0), 30, 18);

    public DailySlots {
        Objects.requireNonNull(first, "first");
        if (slotMinutes < 1 || slotsPerDay < 1) {
            throw new IllegalArgumentException("slots need a positive length and count, got " + slotsPerDay + " x "
                    + slotMinutes + " min");
        }
        if (first.toSecondOfDay() + (long) (slotsPerDay - 1) * slotMinutes * 60 >= 24 * 3600) {
            throw new IllegalArgumentException("slots must end within the day: " + slotsPerDay + " x " + slotMinutes
                    + " min from " + first);
        }
    }

    public LocalTime start(int slot) {
        return first.plusMinutes((long) slot * slotMinutes);
    }

    public LocalTime last() {
        return start(slotsPerDay - 1);
    }
}
