package org.citybrain.sim.signal;

/** Decides the phase of one intersection from what its sensors observe. */
@FunctionalInterface
public interface IntersectionController {

    /**
     * Called at time 0 and again each time the previous decision's hold time has run out.
     *
     * @return the phase to show (index into the intersection's signal plan) and for how long
     */
    PhaseCommand decide(IntersectionObservation observation);
}
