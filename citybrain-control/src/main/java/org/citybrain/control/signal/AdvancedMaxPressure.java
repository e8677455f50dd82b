package org.citybrain.control.signal;

import org.citybrain.sim.signal.IntersectionObservation;

/**
 * Advanced-MP (Zhang et al. 2022, "Expression is enough"): keep the current phase while the
 * vehicles still moving (faster than 0.1 m/s) within {@code range} metres of the stop line on its
 * entering lanes are at least as many as the largest phase pressure; otherwise switch to the phase
 * with the largest pressure.
 *
 * <p>The pressure here is the paper's <em>efficient pressure</em>, not max pressure's: per movement,
 * the mean queue over its entering lanes minus the mean queue over the lanes of its exit road,
 * summed over the phase's non-right-turn movements (ties to the lowest phase number). With one
 * entering lane per movement, as in CityFlow's benchmark networks, that is the lane's queue minus a
 * third of the exit road's queue where max pressure subtracts all of it.
 */
public final class AdvancedMaxPressure implements PhaseChooser {
    /** The benchmark's range: what a vehicle covers in one decision interval at about 11 m/s. */
    public static final double RANGE = 167;
    private final IntersectionLayout layout;
    private final int[][] lanes;

    public AdvancedMaxPressure(IntersectionLayout layout) {
        this.layout = layout;
        lanes = new int[layout.phases()][];
        for (int p = 0; p < lanes.length; p++) {
            lanes[p] = layout.enteringLanesOf(p);
        }
    }

    @Override
    public int choose(IntersectionObservation obs, int current, int[] choices) {
        int best = MaxPressure.largest(choices, p -> efficientPressure(layout, obs, p));
        if (current < 0) {
            return best;
        }
        double largest = efficientPressure(layout, obs, best);
        int moving = 0;
        for (int i : lanes[current]) {
            moving += obs.movingWithin(i, RANGE);
        }
        return moving >= largest ? current : best;
    }

    /**
     * The efficient pressure of phase {@code p} now: Σ over its non-right-turn movements of (mean
     * queue per entering lane − mean queue per lane of the exit road).
     */
    static double efficientPressure(IntersectionLayout layout, IntersectionObservation obs, int p) {
        double sum = 0;
        for (int m : layout.movementsOf(p)) {
            IntersectionLayout.Movement mv = layout.movements().get(m);
            sum += meanQueue(mv.entering(), obs, true) - meanQueue(mv.exit(), obs, false);
        }
        return sum;
    }

    private static double meanQueue(int[] lanes, IntersectionObservation obs, boolean incoming) {
        if (lanes.length == 0) {
            return 0;
        }
        int q = 0;
        for (int l : lanes) {
            q += incoming ? obs.queue(l) : obs.outgoingQueue(l);
        }
        return (double) q / lanes.length;
    }
}
