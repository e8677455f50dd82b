package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class ParkingCleanerTest {
    private final ParkingCleaner.Result cleaned =
            ParkingCleaner.clean(Fixtures.readings("dirty.csv"), Fixtures.FOUR_HALF_HOURS);
    private final CleaningReport report = cleaned.report();

    @Test
    void occupancyAboveCapacityIsClampedToFull() {
        assertThat(report.overCapacity()).isEqualTo(2);
        OccupancySeries a = cleaned.data().series("A").orElseThrow();
        assertThat(a.occupancy(2)).isEqualTo(100.0);
        assertThat(a.freeAt(2, 0)).isZero();
        assertThat(cleaned.data().series("B").orElseThrow().occupancy(9)).isEqualTo(50.0);
    }

    @Test
    void negativeOccupancyIsDroppedAndLeavesAGap() {
        assertThat(report.negative()).isEqualTo(1);
        assertThat(cleaned.data().series("A").orElseThrow().observed(3)).isFalse();
    }

    @Test
    void exactDuplicatesAreDropped() {
        assertThat(report.exactDuplicates()).isEqualTo(1);
        assertThat(cleaned.data().series("A").orElseThrow().occupancy(0)).isEqualTo(10.0);
    }

    @Test
    void ofTwoReadingsInOneSlotTheOneNearestTheSlotStartIsKept() {
        assertThat(report.sameSlot()).isEqualTo(1);
        assertThat(cleaned.data().series("A").orElseThrow().occupancy(1)).isEqualTo(20.0);
    }

    @Test
    void readingsMoreThanHalfASlotFromTheGridAreDropped() {
        assertThat(report.outsideGrid()).isEqualTo(1);
    }

    @Test
    void theUsualCapacityWinsOverAStrayOne() {
        assertThat(report.capacityMismatch()).isEqualTo(1);
        assertThat(cleaned.data().series("B").orElseThrow().carPark().capacity()).isEqualTo(50);
    }

    @Test
    void gapsStayMissingAndAreCounted() {
        SlotGrid grid = cleaned.data().grid();
        assertThat(grid).isEqualTo(new SlotGrid(LocalDate.of(2016, 10, 3), 3, Fixtures.FOUR_HALF_HOURS));
        OccupancySeries a = cleaned.data().series("A").orElseThrow();
        for (int i = 4; i < 11; i++) {
            assertThat(a.observed(i)).as("slot %d", i).isFalse();
        }
        assertThat(a.occupancy(11)).isEqualTo(60.0);
        assertThat(report.slotsExpected()).isEqualTo(24);
        assertThat(report.slotsFilled()).isEqualTo(8);
        assertThat(report.slotsMissing()).isEqualTo(16);
        assertThat(report.daysWithoutReadings()).containsExactly(LocalDate.of(2016, 10, 4));
        assertThat(report.sparse()).extracting(CleaningReport.Coverage::carParkId).containsExactly("A", "B");
    }

    @Test
    void everyRowIsAccountedFor() {
        assertThat(report.rows()).isEqualTo(12);
        assertThat(report.rowsUsed()).isEqualTo(report.slotsFilled());
    }

    @Test
    void theReportSaysWhatWasDoneWithEachProblem() {
        assertThat(String.join("\n", report.lines()))
                .contains("occupancy above capacity                           2  clamped to capacity (0 free)")
                .contains("negative occupancy                                 1  dropped")
                .contains("exact duplicates (car park + timestamp)            1  dropped")
                .contains("Gaps: 8 of 24 slots filled (33.3%), 16 missing, not filled in;")
                .contains("days without any reading: 1 (2016-10-04)");
    }

    @Test
    void nothingUsableIsAnError() {
        List<OccupancyReading> negativeOnly = List.of(new OccupancyReading("A", 10, -1, LocalDateTime.of(2016, 10, 3, 8, 0)));
        assertThatThrownBy(() -> ParkingCleaner.clean(negativeOnly, Fixtures.FOUR_HALF_HOURS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no usable occupancy reading");
    }
}
