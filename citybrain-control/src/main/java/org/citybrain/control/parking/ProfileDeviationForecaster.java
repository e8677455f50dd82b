package org.citybrain.control.parking;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Seasonal profile plus the current deviation from it, fading with the horizon.
 *
 * <p>Fitted on training data only ({@link #fit(ParkingData)}): for every car park a profile of
 * mean occupancy per weekday and slot (a weekday-slot without training readings takes the mean of
 * that slot over all weekdays), and one factor {@code beta(h)} per horizon step of 15 min, shared by
 * all car parks: the least-squares slope of the deviation from the profile {@code h} minutes later
 * on the deviation now, deviations in shares of capacity, over all same-day pairs of the training
 * period.
 *
 * <p>Forecast for the target time {@code T = origin + h}:
 * {@code occupancy(T) = profile(T) + beta(h') * (y(o) - profile(o))}, where {@code o} is the latest
 * slot at or before the origin on the same day that has a reading and {@code h'} the horizon counted
 * from {@code o}; clamped to {@code [0, capacity]}. Without a reading that day the deviation is 0
 * (pure profile). Where the profile has no value (a car park or slot absent from training, a target
 * outside the operating hours) the forecast falls back to {@link Persistence}. {@code beta} is
 * interpolated linearly between steps and 0 beyond one operating day.
 */
public final class ProfileDeviationForecaster implements FreeSpaceForecaster {
    public static final String NAME = "profile+deviation";
    static final int BETA_STEP_MINUTES = 15;
    private static final int WEEKDAYS = 7;

    /** Per car park: mean occupancy at {@code (dayOfWeek - 1) * slotsPerDay + slot}, NaN when unknown. */
    private final Map<String, double[]> profiles;
    private final DailySlots daily;
    /** beta[k]: share of today's deviation still present {@code k * BETA_STEP_MINUTES} min later. */
    private final double[] beta;

    private ProfileDeviationForecaster(Map<String, double[]> profiles, DailySlots daily, double[] beta) {
        this.profiles = profiles;
        this.daily = daily;
        this.beta = beta;
    }

    /** Fits profiles and fading on {@code training}; nothing else is remembered from it. */
    public static ProfileDeviationForecaster fit(ParkingData training) {
        Objects.requireNonNull(training, "training");
        SlotGrid grid = training.grid();
        int spd = grid.slotsPerDay();
        Map<String, double[]> profiles = new HashMap<>();
        for (OccupancySeries s : training.series()) {
            double[] sum = new double[WEEKDAYS * spd];
            int[] n = new int[WEEKDAYS * spd];
            double[] slotSum = new double[spd];
            int[] slotN = new int[spd];
            for (int i = 0; i < grid.size(); i++) {
                if (s.observed(i)) {
                    int cell = cell(grid, i);
                    sum[cell] += s.occupancy(i);
                    n[cell]++;
                    slotSum[grid.slotOf(i)] += s.occupancy(i);
                    slotN[grid.slotOf(i)]++;
                }
            }
            double[] profile = new double[WEEKDAYS * spd];
            for (int c = 0; c < profile.length; c++) {
                int slot = c % spd;
                profile[c] = n[c] > 0 ? sum[c] / n[c] : slotN[slot] > 0 ? slotSum[slot] / slotN[slot] : Double.NaN;
            }
            profiles.put(s.carPark().id(), profile);
        }

        int steps = (spd - 1) * grid.slotMinutes() / BETA_STEP_MINUTES;
        double[] num = new double[steps + 1];
        double[] den = new double[steps + 1];
        for (OccupancySeries s : training.series()) {
            double[] profile = profiles.get(s.carPark().id());
            double cap = s.carPark().capacity();
            for (int i = 0; i < grid.size(); i++) {
                double p = profile[cell(grid, i)];
                if (!s.observed(i) || Double.isNaN(p)) {
                    continue;
                }
                double now = (s.occupancy(i) - p) / cap;
                for (int k = 0; k <= steps; k++) {
                    long h = (long) k * BETA_STEP_MINUTES;
                    double y = SlotValues.at(s::occupancy, grid, i, h);
                    double py = SlotValues.at(j -> profile[cell(grid, j)], grid, i, h);
                    if (!Double.isNaN(y) && !Double.isNaN(py)) {
                        num[k] += now * (y - py) / cap;
                        den[k] += now * now;
                    }
                }
            }
        }
        double[] beta = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            beta[k] = den[k] > 0 ? num[k] / den[k] : 0;
        }
        return new ProfileDeviationForecaster(profiles, grid.daily(), beta);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Share of the current deviation from the profile kept {@code horizonMinutes} later. */
    public double beta(double horizonMinutes) {
        double k = horizonMinutes / BETA_STEP_MINUTES;
        if (k < 0 || k > beta.length - 1) {
            return 0;
        }
        int lo = (int) Math.floor(k);
        int hi = Math.min(lo + 1, beta.length - 1);
        return beta[lo] + (k - lo) * (beta[hi] - beta[lo]);
    }

    @Override
    public double forecastFree(History history, int horizonMinutes) {
        FreeSpaceForecaster.requireHorizon(horizonMinutes);
        SlotGrid grid = history.grid();
        if (!grid.daily().equals(daily)) {
            throw new IllegalArgumentException("fitted on slots " + daily + ", asked on " + grid.daily());
        }
        int capacity = history.carPark().capacity();
        double[] profile = profiles.get(history.carPark().id());
        if (profile == null) {
            return capacity - history.lastOccupancy();
        }
        int origin = history.origin();
        double target = SlotValues.at(j -> profile[cell(grid, j)], grid, origin, horizonMinutes);
        if (Double.isNaN(target)) {
            return capacity - history.lastOccupancy();
        }
        double occupancy = target;
        int dayStart = origin - grid.slotOf(origin);
        for (int o = origin; o >= dayStart; o--) {
            double y = history.occupancy(o);
            if (!Double.isNaN(y)) {
                double p = profile[cell(grid, o)];
                if (Double.isNaN(p)) {
                    return capacity - y;
                }
                occupancy += beta(horizonMinutes + (double) (origin - o) * grid.slotMinutes()) * (y - p);
                break;
            }
        }
        return capacity - Math.max(0, Math.min(capacity, occupancy));
    }

    private static int cell(SlotGrid grid, int index) {
        return (grid.weekday(index).getValue() - 1) * grid.slotsPerDay() + grid.slotOf(index);
    }
}
