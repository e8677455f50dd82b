package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.citybrain.control.parking.Fixtures.NA;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Nine days of four slots; train days 0-7, test day 8 (a Tuesday); MAE worked out by hand. */
class ForecastEvaluationTest {
    private static final double[] P = new double[9 * 4];

    static {
        Arrays.fill(P, NA);
        // day 1, Tuesday: last week for the test day
        System.arraycopy(new double[] {10, 30, 30, 60}, 0, P, 4, 4);
        // day 8, Tuesday: the test day
        System.arraycopy(new double[] {10, 20, 40, 40}, 0, P, 32, 4);
    }
    private static final LocalDate TRAIN_UNTIL = Fixtures.MONDAY.plusDays(7);
    private final OccupancySeries p = Fixtures.series("P", 100, 9, P);
    private final List<FreeSpaceForecaster> baselines = List.of(new Persistence(), new SameTimeLastWeek());

    private EvaluationResult evaluate(OccupancySeries... series) {
        return ForecastEvaluation.evaluate(new ParkingData(p.grid(), List.of(series)), TRAIN_UNTIL, baselines,
                Persistence.NAME, ForecastEvaluation.HORIZONS);
    }

    @Test
    void meanAbsoluteErrorsMatchTheHandComputedOnes() {
        EvaluationResult r = evaluate(p);

        // 30 min: targets 20 40 40; persistence 10 20 40; last week 30 30 60
        assertThat(r.mae(Persistence.NAME, 30)).isCloseTo(10, within(1e-9));
        assertThat(r.mae(SameTimeLastWeek.NAME, 30)).isCloseTo(40.0 / 3, within(1e-9));
        // 15 min: targets 15 30 40; persistence 10 20 40; last week 20 30 45
        assertThat(r.mae(Persistence.NAME, 15)).isCloseTo(5, within(1e-9));
        assertThat(r.mae(SameTimeLastWeek.NAME, 15)).isCloseTo(10.0 / 3, within(1e-9));
        // 60 min: targets 40 40; persistence 10 20; last week 30 60
        assertThat(r.mae(Persistence.NAME, 60)).isCloseTo(25, within(1e-9));
        assertThat(r.mae(SameTimeLastWeek.NAME, 60)).isCloseTo(15, within(1e-9));
        assertThat(r.horizons()).extracting(EvaluationResult.HorizonScore::scored).containsExactly(3L, 3L, 2L);
        assertThat(r.horizons()).extracting(EvaluationResult.HorizonScore::withoutTarget).containsExactly(1L, 1L, 2L);
    }

    @Test
    void aPointCountsOnlyIfEveryForecasterHadAForecast() {
        double[] v = P.clone();
        v[5] = NA;  // last Tuesday 08:30 gone: the 30-min forecast from 08:00 has no basis
        EvaluationResult r = evaluate(Fixtures.series("P", 100, 9, v));

        EvaluationResult.HorizonScore h30 = r.horizons().get(1);
        assertThat(h30.scored()).isEqualTo(2);
        assertThat(h30.withoutForecast()).isEqualTo(1);
        assertThat(r.mae(Persistence.NAME, 30)).as("persistence scored on the same two points").isCloseTo(10,
                within(1e-9));
    }

    @Test
    void trainingBeforeTheGridOrUpToItsLastDayIsRejected() {
        ParkingData data = new ParkingData(p.grid(), List.of(p));
        assertThatThrownBy(() -> ForecastEvaluation.standard(data, Fixtures.MONDAY.plusDays(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end on a day from 2016-10-03 to 2016-10-10");
        assertThatThrownBy(() -> ForecastEvaluation.standard(data, Fixtures.MONDAY.minusDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTableMarksWhetherTheCandidateBeatsAllOthers() {
        EvaluationResult r = evaluate(p);

        assertThat(r.candidateBeatsAllEverywhere()).isFalse();
        assertThat(r.lines()).contains(
                "horizon   persistence  same-time-last-week    scored  persistence beats all",
                "15 min           5.00                 3.33         3  NO",
                "30 min          10.00                13.33         3  yes");
    }

    @Test
    void theDefaultSplitTrainsOnTheFirstTwoThirdsOfTheDays() {
        assertThat(ForecastEvaluation.defaultTrainUntil(Fixtures.grid(9))).isEqualTo(Fixtures.MONDAY.plusDays(5));
        assertThat(ForecastEvaluation.defaultTrainUntil(Fixtures.grid(77))).isEqualTo(Fixtures.MONDAY.plusDays(50));
    }
}
