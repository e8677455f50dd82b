package org.citybrain.control.signal;

import org.citybrain.sim.signal.IntersectionObservation;

/**
 * Self-organising traffic lights (Gershenson 2005; Cools et al. 2013) under the decision protocol:
 * leave the current phase when the vehicles waiting or approaching (within {@code approach} metres)
 * on some red phase's lanes reach {@code threshold}, unless a short platoon — between 1 and
 * {@code platoon} vehicles moving within {@code keep} metres of the stop line — is about to cross
 * on green; the next phase is the red one with the most such vehicles. Defaults: 8 vehicles, 100 m,
 * keep 25 m, platoon 3; not tuned to any flow.
 */
public final class Sotl implements PhaseChooser {
    private final IntersectionLayout layout;
    private final int threshold;
    private final double approach;
    private final double keep;
    private final int platoon;
    private final int[][] lanes;

    public Sotl(IntersectionLayout layout) {
        this(layout, 8, 100, 25, 3);
    }

    public Sotl(IntersectionLayout layout, int threshold, double approach, double keep, int platoon) {
        this.layout = layout;
        this.threshold = threshold;
        this.approach = approach;
        this.keep = keep;
        this.platoon = platoon;
        lanes = new int[layout.phases()][];
        for (int p = 0; p < lanes.length; p++) {
            lanes[p] = layout.enteringLanesOf(p);
        }
    }

    @Override
    public int choose(IntersectionObservation obs, int current, int[] choices) {
        int best = -1;
        int bestDemand = -1;
        for (int p : choices) {
            if (p == current) {
                continue;
            }
            int d = demand(obs, p);
            if (d > bestDemand) {
                bestDemand = d;
                best = p;
            }
        }
        if (current < 0) {
            return best < 0 ? choices[0] : best;
        }
        if (best < 0 || bestDemand < threshold) {
            return current;
        }
        int crossing = 0;
        for (int i : lanes[current]) {
            crossing += obs.movingWithin(i, keep);
        }
        return crossing > 0 && crossing <= platoon ? current : best;
    }

    private int demand(IntersectionObservation obs, int p) {
        int[] n = new int[1];
        for (int i : lanes[p]) {
            obs.approaching(i, approach, (distance, speed) -> n[0]++);
        }
        return n[0];
    }
}
