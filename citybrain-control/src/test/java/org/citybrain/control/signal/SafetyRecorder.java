package org.citybrain.control.signal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;

/**
 * Wraps a controller and checks the safety rules at every decision, keeping the violations: a
 * green of at least 5 s, the yellow between two different greens, and no phase red for more than
 * 120 s while its lanes have queued vehicles.
 */
final class SafetyRecorder implements SignalController {
    static final double MIN_GREEN = 5;
    static final double MAX_RED_WITH_QUEUE = 120;
    private final SignalController inner;
    final List<String> violations = new ArrayList<>();
    long decisions;
    long switches;

    /** Checks against the benchmark protocol as each intersection's plan can follow it ({@link ControlProtocol#at}). */
    SafetyRecorder(SignalController inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public IntersectionController forIntersection(SignalSite site) {
        IntersectionController c = inner.forIntersection(site);
        IntersectionLayout layout = IntersectionLayout.of(site);
        ControlProtocol protocol = ControlProtocol.BENCHMARK.at(layout);
        List<Integer> choices = protocol.choicesFor(layout.phases());
        int yellow = protocol.yellowPhase();
        String id = site.intersection().id();
        if (yellow < layout.phases() && layout.movementsOf(yellow).length > 0) { // checked, not taken from the code under test
            violations.add(id + ": the yellow phase " + yellow + " lets through or left turns go");
        }
        double[] waitingSince = new double[layout.phases()];
        java.util.Arrays.fill(waitingSince, -1);
        int[][] lanes = new int[layout.phases()][];
        for (int p = 0; p < lanes.length; p++) {
            lanes[p] = layout.enteringLanesOf(p);
        }
        return new IntersectionController() {
            int previous = -1;
            double greenStart;
            double greenSoFar;

            @Override
            public PhaseCommand decide(org.citybrain.sim.signal.IntersectionObservation obs) {
                double now = obs.time();
                PhaseCommand cmd = c.decide(obs);
                decisions++;
                int p = cmd.phase();
                if (previous >= 0 && previous != yellow && p != yellow && p != previous) {
                    violations.add(id + " at " + now + ": " + previous + " -> " + p + " without yellow");
                }
                if (previous >= 0 && previous != yellow && p != previous && greenSoFar < MIN_GREEN) {
                    violations.add(id + " at " + now + ": green " + previous + " lasted only " + greenSoFar + " s");
                }
                // a phase red with a queue waits from the first decision that sees it, until it is green
                for (int q : choices) {
                    boolean greenNow = q == previous && previous != yellow;
                    if (greenNow) {
                        waitingSince[q] = -1;
                        continue;
                    }
                    boolean queued = false;
                    for (int i : lanes[q]) {
                        queued |= obs.queue(i) > 0;
                    }
                    if (queued && waitingSince[q] < 0) {
                        waitingSince[q] = now;
                    }
                    if (waitingSince[q] >= 0 && now - waitingSince[q] > MAX_RED_WITH_QUEUE) {
                        violations.add(id + " at " + now + ": phase " + q + " red for " + (now - waitingSince[q])
                                + " s with a queue");
                    }
                }
                if (p != yellow) {
                    waitingSince[p] = -1;
                }
                if (p != previous) {
                    if (p != yellow) {
                        switches++;
                    }
                    greenStart = now;
                    greenSoFar = 0;
                }
                greenSoFar = now + cmd.seconds() - greenStart;
                previous = p;
                return cmd;
            }
        };
    }
}
