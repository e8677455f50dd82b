package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

class SlotGridTest {
    private final SlotGrid grid = Fixtures.grid(2); // 2016-10-03..04, 08:00 08:30 09:00 09:30

    @Test
    void aReadingBelongsToTheNearestSlotWithinHalfASlot() {
        assertThat(grid.nearest(LocalDateTime.of(2016, 10, 3, 7, 45))).hasValue(0);
        assertThat(grid.nearest(LocalDateTime.of(2016, 10, 3, 7, 44, 59))).isEmpty();
        assertThat(grid.nearest(LocalDateTime.of(2016, 10, 3, 8, 14, 59))).hasValue(0);
        assertThat(grid.nearest(LocalDateTime.of(2016, 10, 4, 9, 45))).as("half a slot after the last").hasValue(7);
        assertThat(grid.nearest(LocalDateTime.of(2016, 10, 4, 9, 45, 1))).isEmpty();
        assertThat(grid.nearest(LocalDateTime.of(2016, 10, 5, 8, 0))).as("after the last day").isEmpty();
    }

    @Test
    void theSlotAtOrBeforeATimeReachesBackToThePreviousEvening() {
        assertThat(grid.atOrBefore(LocalDateTime.of(2016, 10, 4, 8, 59))).hasValue(5);
        assertThat(grid.atOrBefore(LocalDateTime.of(2016, 10, 4, 7, 0))).hasValue(3);
        assertThat(grid.atOrBefore(LocalDateTime.of(2016, 10, 3, 22, 0))).hasValue(3);
        assertThat(grid.atOrBefore(LocalDateTime.of(2016, 10, 3, 7, 59))).isEmpty();
    }

    @Test
    void indicesMapToDaysSlotsAndTimes() {
        assertThat(grid.time(6)).isEqualTo(LocalDateTime.of(2016, 10, 4, 9, 0));
        assertThat(grid.firstIndexOf(Fixtures.MONDAY.plusDays(1))).isEqualTo(4);
        assertThat(grid.size()).isEqualTo(8);
    }
}
