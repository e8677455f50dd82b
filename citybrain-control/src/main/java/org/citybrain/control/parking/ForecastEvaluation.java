package org.citybrain.control.parking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scores forecasters on a strict temporal split.
 *
 * <p>Training period: the grid's days up to and including {@code trainUntil}; models are fitted on
 * {@link ParkingData#until} of it, a copy that holds nothing later. Test period: the days after.
 * Every test slot with a reading is a forecast origin; the forecaster sees the {@link History} up to
 * that origin (earlier test readings included, later ones unreachable). The target at
 * {@code origin + h} is the observed free spaces, interpolated linearly between the two readings
 * around it when {@code h} falls between slots (15 min on a 30-min grid); origins whose target has
 * no value (a reading missing, or after the last slot of the day) are not scored. Every forecaster is
 * scored on the same points: a point counts only if all of them gave a forecast. The score is the
 * mean absolute error in free spaces, over all car parks and points together.
 */
public final class ForecastEvaluation {
    /** Horizons of the standard evaluation, in minutes. */
    public static final List<Integer> HORIZONS = List.of(15, 30, 60);

    private ForecastEvaluation() {
    }

    /**
     * The standard evaluation: {@link Persistence} and {@link SameTimeLastWeek} against a
     * {@link ProfileDeviationForecaster} fitted on the training period, at {@link #HORIZONS}.
     */
    public static EvaluationResult standard(ParkingData data, LocalDate trainUntil) {
        ProfileDeviationForecaster ours = ProfileDeviationForecaster.fit(data.until(trainUntil));
        return evaluate(data, trainUntil, List.of(new Persistence(), new SameTimeLastWeek(), ours), ours.name(),
                HORIZONS);
    }

    /**
     * The last day of the default training period: the first two thirds of the grid's days.
     */
    public static LocalDate defaultTrainUntil(SlotGrid grid) {
        return grid.firstDay().plusDays(Math.max(1, grid.days() * 2 / 3) - 1L);
    }

    /**
     * @param candidate name of the forecaster compared with all others in the result
     * @throws IllegalArgumentException when {@code trainUntil} leaves no training or no test day, or
     *                                  {@code candidate} is not among the forecasters
     */
    public static EvaluationResult evaluate(ParkingData data, LocalDate trainUntil,
                                            List<FreeSpaceForecaster> forecasters, String candidate,
                                            List<Integer> horizons) {
        Objects.requireNonNull(trainUntil, "trainUntil");
        SlotGrid grid = data.grid();
        if (trainUntil.isBefore(grid.firstDay()) || !trainUntil.isBefore(grid.lastDay())) {
            throw new IllegalArgumentException("the training period must end on a day from " + grid.firstDay()
                    + " to " + grid.lastDay().minusDays(1) + " so that both periods have data, got " + trainUntil);
        }
        List<String> names = forecasters.stream().map(FreeSpaceForecaster::name).toList();
        if (!names.contains(candidate)) {
            throw new IllegalArgumentException("candidate " + candidate + " is not among the forecasters " + names);
        }
        int firstTest = grid.firstIndexOf(trainUntil.plusDays(1));
        List<EvaluationResult.HorizonScore> scores = new ArrayList<>();
        double[] forecast = new double[forecasters.size()];
        for (int h : horizons) {
            double[] sum = new double[forecasters.size()];
            long scored = 0;
            long withoutTarget = 0;
            long withoutForecast = 0;
            for (OccupancySeries s : data.series()) {
                for (int origin = firstTest; origin < grid.size(); origin++) {
                    if (!s.observed(origin)) {
                        continue;
                    }
                    double target = s.freeAt(origin, h);
                    if (Double.isNaN(target)) {
                        withoutTarget++;
                        continue;
                    }
                    History history = s.historyAt(origin);
                    boolean all = true;
                    for (int f = 0; f < forecasters.size(); f++) {
                        forecast[f] = forecasters.get(f).forecastFree(history, h);
                        all &= !Double.isNaN(forecast[f]);
                    }
                    if (!all) {
                        withoutForecast++;
                        continue;
                    }
                    scored++;
                    for (int f = 0; f < forecasters.size(); f++) {
                        sum[f] += Math.abs(forecast[f] - target);
                    }
                }
            }
            List<Double> mae = new ArrayList<>();
            for (double v : sum) {
                mae.add(scored == 0 ? Double.NaN : v / scored);
            }
            scores.add(new EvaluationResult.HorizonScore(h, scored, withoutTarget, withoutForecast, mae));
        }
        return new EvaluationResult(grid.firstDay(), trainUntil, trainUntil.plusDays(1), grid.lastDay(), names,
                candidate, scores);
    }
}
