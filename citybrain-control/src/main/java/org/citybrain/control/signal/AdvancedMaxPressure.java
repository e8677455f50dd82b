package org.citybrain.control.signal;

import org.citybrain.sim.signal.IntersectionObservation;

/**
 * Advanced-MP (Zhang et al. 2022): keep the current phase while the vehicles still moving
 * (faster than 0.1 m/s) within {@code range} metres of the stop line on its entering lanes are at
 * least as many as the largest phase pressure; otherwise switch to the max-pressure phase.
 */
public final class AdvancedMaxPressure implements PhaseChooser {
    /** The benchmark's range: what a vehicle covers in one decision interval at about 11 m/s. */
    public static final double RANGE = 167;
    private final IntersectionLayout layout;
    private final MaxPressure maxPressure;
    private final int[][] lanes;

    public AdvancedMaxPressure(IntersectionLayout layout) {
        this.layout = layout;
        this.maxPressure = new MaxPressure(layout);
        lanes = new int[layout.phases()][];
        for (int p = 0; p < lanes.length; p++) {
            lanes[p] = layout.enteringLanesOf(p);
        }
    }

    @Override
    public int choose(IntersectionObservation obs, int current, int[] choices) {
        int best = maxPressure.choose(obs, current, choices);
        if (current < 0) {
            return best;
        }
        double largest = MaxPressure.pressure(layout, obs, best);
        int moving = 0;
        for (int i : lanes[current]) {
            moving += obs.movingWithin(i, RANGE);
        }
        return moving >= largest ? current : best;
    }
}
