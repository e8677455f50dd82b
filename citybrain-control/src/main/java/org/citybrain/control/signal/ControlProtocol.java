package org.citybrain.control.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * How adaptive controllers act, the benchmark literature's protocol: a decision every
 * {@code decisionSeconds}; switching to a different phase shows {@code yellowPhase} for
 * {@code yellowSeconds} inside that interval; only the {@code choices} phases are chosen from. A
 * phase whose lanes have queued vehicles is never left red for more than {@code maxRedSeconds}:
 * when one would be, it is served next, whatever the controller prefers.
 *
 * @param choices the selectable phases; empty means the default for the intersection (see
 *                {@link #choicesFor(int)})
 */
public record ControlProtocol(double decisionSeconds, double yellowSeconds, int yellowPhase, double maxRedSeconds,
                              List<Integer> choices) {
    /** Decisions every 15 s, 5 s of phase 0 on a switch, at most 120 s of red with a queue. */
    public static final ControlProtocol BENCHMARK = new ControlProtocol(15, 5, 0, 120, List.of());

    public ControlProtocol {
        if (!(yellowSeconds >= 0) || !(decisionSeconds > yellowSeconds)) {
            throw new IllegalArgumentException("decision interval (" + decisionSeconds
                    + " s) must be longer than the yellow (" + yellowSeconds + " s)");
        }
        if (!(maxRedSeconds >= 2 * decisionSeconds)) {
            throw new IllegalArgumentException("max red (" + maxRedSeconds + " s) must allow at least two decisions");
        }
        choices = List.copyOf(choices);
    }

    /**
     * The phases to choose from at an intersection with {@code phases} phases: the configured ones,
     * else phases 1–4 when the plan has a yellow phase 0 and at least four others (CityFlow's
     * benchmark networks: 1–4 are the two-way through and left-turn phases), else every phase but
     * the yellow one.
     */
    public List<Integer> choicesFor(int phases) {
        if (!choices.isEmpty()) {
            return choices;
        }
        List<Integer> c = new ArrayList<>();
        int last = phases >= 5 ? 4 : phases - 1;
        for (int p = 0; p <= last; p++) {
            if (p != yellowPhase) {
                c.add(p);
            }
        }
        if (c.isEmpty()) {
            c.add(0);
        }
        return List.copyOf(c);
    }
}
