package org.citybrain.control.signal;

import org.citybrain.sim.signal.IntersectionObservation;

/** The heart of an adaptive controller: at each decision, the phase to show next. */
@FunctionalInterface
public interface PhaseChooser {

    /**
     * @param current the green phase shown now, or -1 before the first decision
     * @return one of {@code choices}
     */
    int choose(IntersectionObservation obs, int current, int[] choices);
}
