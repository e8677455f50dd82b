package org.citybrain.sim.signal;

import java.util.List;

import org.citybrain.twin.Phase;

/**
 * The roadnet's own fixed-time plan: each phase for its time, in order, cycling
 * ({@code --controller plan}).
 */
public final class PlanController implements SignalController {

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public IntersectionController forIntersection(SignalSite site) {
        List<Phase> phases = site.intersection().signal().orElseThrow().phases();
        // commands are values: make them once, so a decision allocates nothing
        PhaseCommand[] commands = new PhaseCommand[phases.size()];
        for (int p = 0; p < commands.length; p++) {
            commands[p] = phases.get(p).seconds() > 0 ? new PhaseCommand(p, phases.get(p).seconds()) : null;
        }
        PhaseCommand firstPhaseForAnHour = new PhaseCommand(0, 3600);
        return new IntersectionController() {
            private int next;

            @Override
            public PhaseCommand decide(IntersectionObservation observation) {
                // zero-length phases are skipped: a plan may carry them as placeholders
                for (int tries = 0; tries < phases.size(); tries++) {
                    int p = next;
                    next = (next + 1) % phases.size();
                    if (commands[p] != null) {
                        return commands[p];
                    }
                }
                return firstPhaseForAnHour;
            }
        };
    }
}
