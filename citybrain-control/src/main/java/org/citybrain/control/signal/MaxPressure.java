package org.citybrain.control.signal;

import org.citybrain.sim.signal.IntersectionObservation;

/**
 * Max pressure (Varaiya 2013) as the benchmark literature runs it: the pressure of a phase is the
 * sum over its non-right-turn movements and their entering lanes of (queued vehicles on the lane −
 * queued vehicles on all lanes of the movement's exit road); the phase with the largest pressure
 * goes, ties to the lowest phase number.
 */
public final class MaxPressure implements PhaseChooser {
    private final IntersectionLayout layout;

    public MaxPressure(IntersectionLayout layout) {
        this.layout = layout;
    }

    @Override
    public int choose(IntersectionObservation obs, int current, int[] choices) {
        int best = choices[0];
        double bestPressure = Double.NEGATIVE_INFINITY;
        for (int p : choices) {
            double pressure = pressure(layout, obs, p);
            if (pressure > bestPressure) {
                bestPressure = pressure;
                best = p;
            }
        }
        return best;
    }

    /** The pressure of phase {@code p} now. */
    static double pressure(IntersectionLayout layout, IntersectionObservation obs, int p) {
        double sum = 0;
        for (int m : layout.movementsOf(p)) {
            IntersectionLayout.Movement mv = layout.movements().get(m);
            int downstream = 0;
            for (int o : mv.exit()) {
                downstream += obs.outgoingQueue(o);
            }
            for (int i : mv.entering()) {
                sum += obs.queue(i) - downstream;
            }
        }
        return sum;
    }
}
