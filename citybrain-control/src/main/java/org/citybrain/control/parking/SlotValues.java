package org.citybrain.control.parking;

import java.util.function.IntToDoubleFunction;

/**
 * The one rule for a value at a time that is not a slot start, used for targets and forecasts
 * alike: linear interpolation between the two slots around it on the same day. Outside the
 * operating hours, off the grid or next to a missing slot there is no value (NaN).
 */
final class SlotValues {
    private static final int MINUTES_PER_DAY = 24 * 60;

    private SlotValues() {
    }

    /**
     * @param values        value per slot index, NaN for missing
     * @param index         a slot index of {@code grid}
     * @param offsetMinutes time after (negative: before) the start of that slot
     * @return the value at that time, NaN when there is none
     */
    static double at(IntToDoubleFunction values, SlotGrid grid, int index, long offsetMinutes) {
        DailySlots daily = grid.daily();
        long firstMinute = daily.first().toSecondOfDay() / 60;
        long minuteOfDay = firstMinute + (long) grid.slotOf(index) * daily.slotMinutes() + offsetMinutes;
        long day = grid.dayOf(index) + Math.floorDiv(minuteOfDay, MINUTES_PER_DAY);
        long sinceFirst = Math.floorMod(minuteOfDay, MINUTES_PER_DAY) - firstMinute;
        if (day < 0 || day >= grid.days() || sinceFirst < 0) {
            return Double.NaN;
        }
        long slot = sinceFirst / daily.slotMinutes();
        long rest = sinceFirst % daily.slotMinutes();
        if (slot >= daily.slotsPerDay() || (rest > 0 && slot + 1 >= daily.slotsPerDay())) {
            return Double.NaN;
        }
        int a = (int) (day * daily.slotsPerDay() + slot);
        double va = values.applyAsDouble(a);
        if (rest == 0) {
            return va;
        }
        double w = (double) rest / daily.slotMinutes();
        return (1 - w) * va + w * values.applyAsDouble(a + 1);
    }
}
