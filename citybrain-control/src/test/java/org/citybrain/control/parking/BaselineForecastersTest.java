package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citybrain.control.parking.Fixtures.NA;

import org.junit.jupiter.api.Test;

/** Persistence and same-time-last-week on eight days of four slots, values worked out by hand. */
class BaselineForecastersTest {
    // capacity 100; day 0 (Monday) 10 20 30 50, days 1-6 missing, day 7 (Monday) 35 40 missing missing
    private static final double[] OCCUPANCY = {
        10, 20, 30, 50,
        NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA,
        35, 40, NA, NA,
    };
    private final OccupancySeries series = Fixtures.series("P", 100, 8, OCCUPANCY);
    /** Monday 2016-10-10 08:30. */
    private final History at0830 = series.historyAt(29);

    @Test
    void persistenceRepeatsTheLastReadingAtEveryHorizon() {
        Persistence p = new Persistence();
        assertThat(p.forecastFree(at0830, 15)).isEqualTo(60.0);
        assertThat(p.forecastFree(at0830, 30)).isEqualTo(60.0);
        assertThat(p.forecastFree(at0830, 60)).isEqualTo(60.0);
    }

    @Test
    void persistenceFromAMissingSlotUsesTheLastReadingBeforeIt() {
        assertThat(new Persistence().forecastFree(series.historyAt(30), 30)).isEqualTo(60.0);
    }

    @Test
    void sameTimeLastWeekReadsSevenDaysBeforeTheTarget() {
        SameTimeLastWeek w = new SameTimeLastWeek();
        assertThat(w.forecastFree(at0830, 30)).as("09:00 last Monday: 30 occupied").isEqualTo(70.0);
        assertThat(w.forecastFree(at0830, 60)).as("09:30 last Monday: 50 occupied").isEqualTo(50.0);
        assertThat(w.forecastFree(at0830, 0)).as("08:30 last Monday: 20 occupied").isEqualTo(80.0);
    }

    @Test
    void sameTimeLastWeekBetweenSlotsInterpolatesLikeTheTargets() {
        assertThat(new SameTimeLastWeek().forecastFree(at0830, 15)).as("08:45: between 20 and 30").isEqualTo(75.0);
    }

    @Test
    void sameTimeLastWeekHasNoForecastWhenLastWeekIsMissingOrClosed() {
        SameTimeLastWeek w = new SameTimeLastWeek();
        assertThat(w.forecastFree(series.historyAt(28), 24 * 60)).as("Tuesday 08:00: missing").isNaN();
        assertThat(w.forecastFree(at0830, 90)).as("10:00: after the last slot").isNaN();
    }

    @Test
    void negativeHorizonsAreRejected() {
        assertThatThrownBy(() -> new Persistence().forecastFree(at0830, -15))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SameTimeLastWeek().forecastFree(at0830, 7 * 24 * 60 + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetsBetweenSlotsAreInterpolatedAndEndWithTheDay() {
        assertThat(series.freeAt(28, 15)).isEqualTo(62.5);
        assertThat(series.freeAt(0, 75)).isEqualTo(60.0);
        assertThat(series.freeAt(3, 30)).as("after 09:30").isNaN();
        assertThat(series.freeAt(1, 15)).isEqualTo(75.0);
        assertThat(series.freeAt(29, 15)).as("next slot missing").isNaN();
    }
}
