package org.citybrain.control.parking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link ParkingCleaner} found and did, in counts of rows (file rows) and slots.
 *
 * @param rows                rows read
 * @param carParks            distinct car parks
 * @param negative            rows with occupancy below 0: dropped (a counter fault; the true value is unknown)
 * @param overCapacity        rows with occupancy above capacity: clamped to capacity (the car park is full)
 * @param capacityMismatch    rows whose capacity differs from the car park's most frequent one (that one is used)
 * @param exactDuplicates     rows repeating an earlier row's car park and timestamp: dropped
 * @param outsideGrid         rows more than half a slot from every slot of the operating day: dropped
 * @param sameSlot            further rows falling in an already filled slot: dropped, the reading
 *                            nearest the slot start is kept
 * @param slotsExpected       car parks x days x slots per day
 * @param slotsFilled         slots with a usable reading
 * @param daysWithoutReadings days inside the period on which no car park reported at all
 * @param sparse              car parks with readings in under half of the slots, with their share
 */
public record CleaningReport(long rows, int carParks, long negative, long overCapacity, long capacityMismatch,
                             long exactDuplicates, long outsideGrid, long sameSlot, long slotsExpected,
                             long slotsFilled, List<LocalDate> daysWithoutReadings, List<Coverage> sparse,
                             SlotGrid grid) {

    /** Share of a car park's slots that hold a reading. */
    public record Coverage(String carParkId, long filled, long expected) {
        public double share() {
            return expected == 0 ? 0 : (double) filled / expected;
        }
    }

    public CleaningReport {
        daysWithoutReadings = List.copyOf(daysWithoutReadings);
        sparse = List.copyOf(sparse);
    }

    public long slotsMissing() {
        return slotsExpected - slotsFilled;
    }

    /** Rows that ended up in a slot. */
    public long rowsUsed() {
        return rows - negative - exactDuplicates - outsideGrid - sameSlot;
    }

    /** The report as printed by {@code citybrain parking-eval}, lines without trailing newline. */
    public List<String> lines() {
        DailySlots d = grid.daily();
        List<String> out = new ArrayList<>();
        out.add("Data: " + n(rows) + " rows, " + carParks + (carParks == 1 ? " car park, " : " car parks, ") + grid.firstDay() + ".." + grid.lastDay()
                + " (" + grid.days() + " days), slots of " + d.slotMinutes() + " min " + d.first() + "-" + d.last()
                + " (" + d.slotsPerDay() + " a day)");
        out.add("Cleaning:");
        out.add(String.format(Locale.ROOT, "  %-44s %7s  %s", "occupancy above capacity", n(overCapacity),
                "clamped to capacity (0 free)"));
        out.add(String.format(Locale.ROOT, "  %-44s %7s  %s", "negative occupancy", n(negative), "dropped"));
        out.add(String.format(Locale.ROOT, "  %-44s %7s  %s", "capacity differs from the car park's usual",
                n(capacityMismatch), "usual capacity used"));
        out.add(String.format(Locale.ROOT, "  %-44s %7s  %s", "exact duplicates (car park + timestamp)",
                n(exactDuplicates), "dropped"));
        out.add(String.format(Locale.ROOT, "  %-44s %7s  %s", "more than " + d.slotMinutes() / 2.0
                + " min from any slot", n(outsideGrid), "dropped"));
        out.add(String.format(Locale.ROOT, "  %-44s %7s  %s", "second reading in the same slot", n(sameSlot),
                "dropped (kept the one nearest the slot)"));
        out.add(String.format(Locale.ROOT, "  %-44s %7s  %s", "rows used", n(rowsUsed()), "").stripTrailing());
        out.add(String.format(Locale.ROOT, "Gaps: %s of %s slots filled (%.1f%%), %s missing, not filled in;",
                n(slotsFilled), n(slotsExpected), 100.0 * slotsFilled / Math.max(1, slotsExpected),
                n(slotsMissing())));
        out.add("  days without any reading: " + (daysWithoutReadings.isEmpty() ? "none"
                : daysWithoutReadings.size() + " (" + String.join(", ",
                        daysWithoutReadings.stream().map(LocalDate::toString).toList()) + ")"));
        out.add("  car parks with readings in under half of the slots: " + (sparse.isEmpty() ? "none"
                : String.join(", ", sparse.stream().map(c -> String.format(Locale.ROOT, "%s %.0f%%", c.carParkId(),
                        100 * c.share())).toList())));
        return out;
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
