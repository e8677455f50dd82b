package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real evaluation on the project copy of the UCI Birmingham car park data: our forecaster must
 * beat persistence and same-time-last-week at 15, 30 and 60 min.
 */
class BirminghamParkingIT {
    static final Path DATA = Fixtures.scenario("parking/birmingham_parking_uci.csv");

    private static ParkingCleaner.Result cleaned;

    @BeforeAll
    static void load() {
        cleaned = ParkingCleaner.clean(ParkingCsv.read(DATA), DailySlots.HALF_HOURS_08_TO_1630);
    }

    @Test
    void theCleaningReportCountsTheKnownProblems() {
        CleaningReport r = cleaned.report();
        r.lines().forEach(System.out::println);

        assertThat(r.rows()).isEqualTo(35_717);
        assertThat(r.carParks()).isEqualTo(30);
        assertThat(r.overCapacity()).isEqualTo(373);
        assertThat(r.negative()).isEqualTo(12);
        assertThat(r.exactDuplicates()).isEqualTo(216);
        assertThat(r.grid().firstDay()).isEqualTo(LocalDate.of(2016, 10, 4));
        assertThat(r.grid().lastDay()).isEqualTo(LocalDate.of(2016, 12, 19));
        assertThat(r.daysWithoutReadings()).containsExactly(LocalDate.of(2016, 10, 20), LocalDate.of(2016, 10, 21),
                LocalDate.of(2016, 12, 3), LocalDate.of(2016, 12, 4));
        assertThat(r.rowsUsed()).isEqualTo(r.slotsFilled());
    }

    @Test
    void profileDeviationBeatsBothBaselinesAtEveryHorizon() {
        LocalDate trainUntil = ForecastEvaluation.defaultTrainUntil(cleaned.data().grid());
        EvaluationResult result = ForecastEvaluation.standard(cleaned.data(), trainUntil);
        result.lines().forEach(System.out::println);

        assertThat(trainUntil).isEqualTo(LocalDate.of(2016, 11, 23));
        for (int h : ForecastEvaluation.HORIZONS) {
            double ours = result.mae(ProfileDeviationForecaster.NAME, h);
            assertThat(ours).as("%d min vs persistence", h).isLessThan(result.mae(Persistence.NAME, h));
            assertThat(ours).as("%d min vs same time last week", h).isLessThan(result.mae(SameTimeLastWeek.NAME, h));
        }
        assertThat(result.candidateBeatsAllEverywhere()).isTrue();
        assertThat(result.horizons()).allSatisfy(h -> assertThat(h.scored()).isGreaterThan(5_000));
    }

    @Test
    void theWinHoldsForAnotherCutDate() {
        EvaluationResult result = ForecastEvaluation.standard(cleaned.data(), LocalDate.of(2016, 11, 6));
        result.lines().forEach(System.out::println);

        assertThat(result.candidateBeatsAllEverywhere()).isTrue();
    }
}
