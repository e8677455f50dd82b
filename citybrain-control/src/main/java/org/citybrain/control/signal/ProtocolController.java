package org.citybrain.control.signal;

import java.util.List;
import java.util.function.Function;

import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;

/**
 * Runs a {@link PhaseChooser} under a {@link ControlProtocol}: asks it every decision interval,
 * inserts the yellow on a switch, and overrides it when a queued phase would wait longer than the
 * protocol's maximum red. The rules it guarantees, whatever the chooser does: a green lasts at least
 * {@code decisionSeconds − yellowSeconds}; the yellow phase stands between two different greens; no
 * phase with queued vehicles stays red longer than {@code maxRedSeconds}.
 */
public final class ProtocolController implements SignalController {
    private final String name;
    private final ControlProtocol protocol;
    private final Function<IntersectionLayout, PhaseChooser> choosers;

    /** @param choosers makes the chooser of one intersection from its layout */
    public ProtocolController(String name, ControlProtocol protocol, Function<IntersectionLayout, PhaseChooser> choosers) {
        this.name = name;
        this.protocol = protocol;
        this.choosers = choosers;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public IntersectionController forIntersection(SignalSite site) {
        IntersectionLayout layout = IntersectionLayout.of(site);
        return new Decider(layout, choosers.apply(layout), protocol);
    }

    private static final class Decider implements IntersectionController {
        private final IntersectionLayout layout;
        private final PhaseChooser chooser;
        private final ControlProtocol protocol;
        private final int[] choices;
        private final int[][] lanes; // per phase: entering lanes of its non-right-turn movements
        private final double[] lastGreen; // per phase: last time it was green (or the start)
        private final PhaseCommand[] hold; // per phase: green for a whole interval
        private final PhaseCommand[] afterYellow; // per phase: green for the rest of an interval
        private final PhaseCommand yellow;
        private int green = -1;
        private int pending = -1;

        Decider(IntersectionLayout layout, PhaseChooser chooser, ControlProtocol protocol) {
            this.layout = layout;
            this.chooser = chooser;
            this.protocol = protocol;
            List<Integer> c = protocol.choicesFor(layout.phases());
            choices = c.stream().mapToInt(Integer::intValue).toArray();
            int n = layout.phases();
            lanes = new int[n][];
            lastGreen = new double[n];
            hold = new PhaseCommand[n];
            afterYellow = new PhaseCommand[n];
            for (int p = 0; p < n; p++) {
                lanes[p] = layout.enteringLanesOf(p);
                hold[p] = new PhaseCommand(p, protocol.decisionSeconds());
                afterYellow[p] = new PhaseCommand(p, protocol.decisionSeconds() - protocol.yellowSeconds());
            }
            yellow = protocol.yellowSeconds() > 0 ? new PhaseCommand(protocol.yellowPhase(), protocol.yellowSeconds()) : null;
        }

        @Override
        public PhaseCommand decide(IntersectionObservation obs) {
            double now = obs.time();
            if (pending >= 0) {
                // the yellow is over: the chosen phase for the rest of the interval
                green = pending;
                pending = -1;
                return afterYellow[green];
            }
            if (green >= 0) {
                lastGreen[green] = now;
            }
            int next = starving(obs, now);
            if (next < 0) {
                next = chooser.choose(obs, green, choices);
            }
            if (next == green || yellow == null) {
                green = next;
                return hold[next];
            }
            pending = next;
            if (green >= 0) {
                lastGreen[green] = now;
            }
            green = -1;
            return yellow;
        }

        /** The choice phase red the longest with a queue, if it would otherwise wait beyond the maximum. */
        private int starving(IntersectionObservation obs, double now) {
            double limit = protocol.maxRedSeconds() - protocol.decisionSeconds() - protocol.yellowSeconds();
            int worst = -1;
            double worstWait = limit;
            for (int p : choices) {
                if (p == green) {
                    continue;
                }
                double waited = now - lastGreen[p];
                if (waited >= worstWait && hasQueue(obs, p)) {
                    worst = p;
                    worstWait = waited;
                }
            }
            return worst;
        }

        private boolean hasQueue(IntersectionObservation obs, int p) {
            for (int i : lanes[p]) {
                if (obs.queue(i) > 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
