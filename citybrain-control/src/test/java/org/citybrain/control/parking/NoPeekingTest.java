package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Forecasts must not depend on anything after their origin, and a fitted model on nothing after
 * the training period: poisoning those values changes no forecast.
 */
class NoPeekingTest {
    private static final long SEED = 20161004L;
    private static final int DAYS = 35;
    private static final int CAPACITY = 400;
    private static final LocalDate FIRST = LocalDate.of(2016, 10, 3);
    private static final LocalDate TRAIN_UNTIL = FIRST.plusDays(20);
    private static final SlotGrid GRID = new SlotGrid(FIRST, DAYS, DailySlots.HALF_HOURS_08_TO_1630);

    /** Occupancy rising over the morning, a random level per day, noise and 10% missing slots. */
    private static double[] randomOccupancy(Random rnd) {
        double[] v = new double[GRID.size()];
        for (int day = 0; day < DAYS; day++) {
            double level = rnd.nextGaussian() * 40;
            for (int s = 0; s < GRID.slotsPerDay(); s++) {
                double y = 80 + 250 * Math.sin(Math.PI * s / GRID.slotsPerDay()) + level + rnd.nextGaussian() * 15;
                v[day * GRID.slotsPerDay() + s] = rnd.nextDouble() < 0.1 ? Double.NaN
                        : Math.max(0, Math.min(CAPACITY, Math.round(y)));
            }
        }
        return v;
    }

    private static ParkingData data(double[]... series) {
        List<OccupancySeries> list = new ArrayList<>();
        for (int k = 0; k < series.length; k++) {
            list.add(OccupancySeries.of(new CarPark("P" + k, CAPACITY), GRID, series[k]));
        }
        return new ParkingData(GRID, list);
    }

    /** Every value after {@code index} replaced by garbage (still valid occupancy or missing). */
    private static double[] poisonedAfter(double[] v, int index, Random rnd) {
        double[] p = v.clone();
        for (int i = index + 1; i < p.length; i++) {
            p[i] = rnd.nextDouble() < 0.5 ? Double.NaN : rnd.nextInt(CAPACITY + 1);
        }
        return p;
    }

    @Test
    void poisoningEverythingAfterTheOriginChangesNoForecast() {
        System.out.println("NoPeekingTest seed " + SEED);
        Random rnd = new Random(SEED);
        double[] a = randomOccupancy(rnd);
        double[] b = randomOccupancy(rnd);
        ParkingData clean = data(a, b);
        ProfileDeviationForecaster ours = ProfileDeviationForecaster.fit(clean.until(TRAIN_UNTIL));
        List<FreeSpaceForecaster> forecasters = List.of(new Persistence(), new SameTimeLastWeek(), ours);
        int firstTest = GRID.firstIndexOf(TRAIN_UNTIL.plusDays(1));

        for (int trial = 0; trial < 40; trial++) {
            int origin = firstTest + rnd.nextInt(GRID.size() - firstTest);
            ParkingData poisoned = data(poisonedAfter(a, origin, rnd), poisonedAfter(b, origin, rnd));
            for (int k = 0; k < 2; k++) {
                History before = clean.series().get(k).historyAt(origin);
                History after = poisoned.series().get(k).historyAt(origin);
                for (FreeSpaceForecaster f : forecasters) {
                    for (int h : new int[] {0, 15, 30, 60, 120}) {
                        assertThat(Double.valueOf(f.forecastFree(after, h)))
                                .as("seed %d, %s at %s + %d min", SEED, f.name(), before.originTime(), h)
                                .isEqualTo(Double.valueOf(f.forecastFree(before, h)));
                    }
                }
            }
        }
    }

    @Test
    void aModelFittedOnTheTrainingPeriodIgnoresTheTestPeriod() {
        Random rnd = new Random(SEED + 1);
        double[] a = randomOccupancy(rnd);
        int lastTraining = GRID.firstIndexOf(TRAIN_UNTIL.plusDays(1)) - 1;
        ParkingData clean = data(a);
        ParkingData poisoned = data(poisonedAfter(a, lastTraining, rnd));
        ProfileDeviationForecaster fromClean = ProfileDeviationForecaster.fit(clean.until(TRAIN_UNTIL));
        ProfileDeviationForecaster fromPoisoned = ProfileDeviationForecaster.fit(poisoned.until(TRAIN_UNTIL));

        assertThat(clean.until(TRAIN_UNTIL).grid().lastDay()).isEqualTo(TRAIN_UNTIL);
        for (int h = 0; h <= 8 * 60; h += 15) {
            assertThat(fromPoisoned.beta(h)).as("beta at %d min", h).isEqualTo(fromClean.beta(h));
        }
        History h = clean.series().get(0).historyAt(lastTraining + 25);
        assertThat(fromPoisoned.forecastFree(h, 60)).isEqualTo(fromClean.forecastFree(h, 60));
    }

    @Test
    void readingASlotAfterTheOriginIsRefused() {
        double[] v = new double[GRID.size()];
        History h = OccupancySeries.of(new CarPark("P", CAPACITY), GRID, v).historyAt(100);

        assertThat(h.occupancy(100)).isZero();
        assertThatThrownBy(() -> h.occupancy(101))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the forecast origin 100");
        assertThatThrownBy(() -> h.occupancyAt(15)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theEvaluationOfTheTrainingPeriodAloneIsUnchangedByPoisonedTestData() {
        Random rnd = new Random(SEED + 2);
        double[] a = randomOccupancy(rnd);
        int cutIndex = GRID.firstIndexOf(FIRST.plusDays(30)) - 1;
        ParkingData clean = data(a);
        ParkingData poisoned = data(poisonedAfter(a, cutIndex, rnd));

        // evaluating up to day 30 on a copy that ends there must not see what follows
        EvaluationResult r1 = ForecastEvaluation.standard(clean.until(FIRST.plusDays(29)), TRAIN_UNTIL);
        EvaluationResult r2 = ForecastEvaluation.standard(poisoned.until(FIRST.plusDays(29)), TRAIN_UNTIL);
        assertThat(r2).isEqualTo(r1);
    }
}
