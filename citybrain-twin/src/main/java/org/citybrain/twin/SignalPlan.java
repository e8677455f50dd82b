package org.citybrain.twin;

import java.util.List;

/**
 * A fixed-time plan: the phases shown in order, then again from the first. Phases of 0 s are
 * skipped by the fixed-time controller but stay available to adaptive ones; at least one phase
 * must last longer than 0 s.
 */
public record SignalPlan(List<Phase> phases) {
    public SignalPlan {
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a signal plan needs at least one phase");
        }
        if (!(phases.stream().mapToDouble(Phase::seconds).sum() > 0)) {
            throw new IllegalArgumentException("a signal plan needs a phase longer than 0 s: every phase has time 0");
        }
    }

    /** Cycle length in seconds. */
    public double cycleSeconds() {
        return phases.stream().mapToDouble(Phase::seconds).sum();
    }
}
