package org.citybrain.twin;

import java.util.List;

/** A fixed-time plan: the phases shown in order, then again from the first. */
public record SignalPlan(List<Phase> phases) {
    public SignalPlan {
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a signal plan needs at least one phase");
        }
    }

    /** Cycle length in seconds. */
    public double cycleSeconds() {
        return phases.stream().mapToDouble(Phase::seconds).sum();
    }
}
