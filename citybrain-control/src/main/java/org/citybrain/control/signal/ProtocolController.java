package org.citybrain.control.signal;

import java.util.Arrays;
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
        private final double[] waitingSince; // per phase: since when it has been red with a queue, or -1
        private final PhaseCommand[] hold; // per phase: green for a whole interval
        private final PhaseCommand[] afterYellow; // per phase: green for the rest of an interval
        private final PhaseCommand yellow;
        private int green = -1;
        private int pending = -1;
        private final int[] order;

        Decider(IntersectionLayout layout, PhaseChooser chooser, ControlProtocol given) {
            this.layout = layout;
            this.chooser = chooser;
            ControlProtocol protocol = given.at(layout);
            this.protocol = protocol;
            choices = protocol.choicesFor(layout.phases()).stream().mapToInt(Integer::intValue).toArray();
            order = new int[choices.length];
            int n = layout.phases();
            lanes = new int[n][];
            waitingSince = new double[n];
            Arrays.fill(waitingSince, -1);
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
            if (pending >= 0) {
                // the yellow is over: the chosen phase for the rest of the interval
                green = pending;
                pending = -1;
                waitingSince[green] = -1;
                return afterYellow[green];
            }
            double now = obs.time();
            for (int p : choices) {
                if (p != green && waitingSince[p] < 0 && hasQueue(obs, p)) {
                    waitingSince[p] = now;
                }
            }
            int next = starving(now);
            if (next < 0) {
                next = chooser.choose(obs, green, choices);
            }
            if (next == green || yellow == null) {
                green = next;
                waitingSince[next] = -1;
                return hold[next];
            }
            pending = next;
            green = -1;
            return yellow;
        }

        /**
         * The phase waiting longest, if serving the waiting phases one per interval from the next
         * decision on would leave one of them red beyond the maximum; else -1.
         */
        private int starving(double now) {
            int waiting = 0;
            for (int p : choices) {
                if (waitingSince[p] >= 0) {
                    order[waiting++] = p;
                }
            }
            // longest wait first (insertion sort: a handful of phases)
            for (int a = 1; a < waiting; a++) {
                int p = order[a];
                int b = a - 1;
                while (b >= 0 && waitingSince[order[b]] > waitingSince[p]) {
                    order[b + 1] = order[b];
                    b--;
                }
                order[b + 1] = p;
            }
            for (int rank = 0; rank < waiting; rank++) {
                double servedBy = now + (rank + 1) * protocol.decisionSeconds() + protocol.yellowSeconds();
                if (servedBy - waitingSince[order[rank]] > protocol.maxRedSeconds()) {
                    return order[0];
                }
            }
            return -1;
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
