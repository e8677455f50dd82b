package org.citybrain.control.signal;

import java.util.function.IntToDoubleFunction;

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
        return largest(choices, p -> pressure(layout, obs, p));
    }

    /** The choice with the largest {@code pressure}; ties to the one listed first (the lowest phase). */
    static int largest(int[] choices, IntToDoubleFunction pressure) {
        int best = choices[0];
        double bestPressure = Double.NEGATIVE_INFINITY;
        for (int p : choices) {
            double value = pressure.applyAsDouble(p);
            if (value > bestPressure) {
                bestPressure = value;
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
