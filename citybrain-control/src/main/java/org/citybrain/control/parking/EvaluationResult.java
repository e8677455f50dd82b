package org.citybrain.control.parking;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mean absolute error of free-space forecasts per horizon and forecaster, from
 * {@link ForecastEvaluation}.
 *
 * @param forecasters names, in the order of every {@link HorizonScore#mae()}
 * @param candidate   the forecaster compared with all the others
 */
public record EvaluationResult(LocalDate trainFrom, LocalDate trainUntil, LocalDate testFrom, LocalDate testUntil,
                               List<String> forecasters, String candidate, List<HorizonScore> horizons) {

    /**
     * @param scored          points scored (same for every forecaster)
     * @param withoutTarget   test origins with a reading but no target value at this horizon
     * @param withoutForecast origins with a target where some forecaster had no basis (not scored)
     * @param mae             mean absolute error in free spaces, per forecaster; NaN when nothing was scored
     */
    public record HorizonScore(int horizonMinutes, long scored, long withoutTarget, long withoutForecast,
                               List<Double> mae) {
        public HorizonScore {
            mae = List.copyOf(mae);
        }
    }

    public EvaluationResult {
        forecasters = List.copyOf(forecasters);
        horizons = List.copyOf(horizons);
    }

    public double mae(String forecaster, int horizonMinutes) {
        int f = forecasters.indexOf(forecaster);
        if (f < 0) {
            throw new IllegalArgumentException("no forecaster " + forecaster + " in " + forecasters);
        }
        return horizons.stream().filter(h -> h.horizonMinutes() == horizonMinutes).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no horizon " + horizonMinutes + " min"))
                .mae().get(f);
    }

    /** Whether the candidate's MAE is strictly below every other forecaster's at this horizon. */
    public boolean candidateBeatsAll(HorizonScore score) {
        int c = forecasters.indexOf(candidate);
        double own = score.mae().get(c);
        for (int f = 0; f < forecasters.size(); f++) {
            if (f != c && !(own < score.mae().get(f))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the candidate beats every other forecaster at every horizon. */
    public boolean candidateBeatsAllEverywhere() {
        return horizons.stream().allMatch(this::candidateBeatsAll);
    }

    /** The table as printed by {@code citybrain parking-eval}, lines without trailing newline. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Split: train " + trainFrom + ".." + trainUntil + " (" + days(trainFrom, trainUntil) + " days), test "
                + testFrom + ".." + testUntil + " (" + days(testFrom, testUntil) + " days)");
        out.add("MAE of forecast free spaces (lower is better), all car parks, origins = test slots with a reading:");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-8s", "horizon"));
        for (String f : forecasters) {
            head.append(String.format(Locale.ROOT, "  %" + width(f) + "s", f));
        }
        head.append(String.format(Locale.ROOT, "  %8s  %s", "scored", candidate + " beats all"));
        out.add(head.toString());
        for (HorizonScore h : horizons) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s", h.horizonMinutes() + " min"));
            for (int f = 0; f < forecasters.size(); f++) {
                row.append(String.format(Locale.ROOT, "  %" + width(forecasters.get(f)) + ".2f", h.mae().get(f)));
            }
            row.append(String.format(Locale.ROOT, "  %,8d  %s", h.scored(), candidateBeatsAll(h) ? "yes" : "NO"));
            out.add(row.toString());
        }
        StringBuilder skipped = new StringBuilder("Not scored (per horizon):");
        for (HorizonScore h : horizons) {
            skipped.append(String.format(Locale.ROOT, " %d min: %,d without target, %,d without a forecast%s",
                    h.horizonMinutes(), h.withoutTarget(), h.withoutForecast(),
                    h == horizons.get(horizons.size() - 1) ? "." : ";"));
        }
        out.add(skipped.toString());
        return out;
    }

    private static int width(String name) {
        return Math.max(7, name.length());
    }

    private static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
