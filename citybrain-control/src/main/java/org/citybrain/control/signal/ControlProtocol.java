package org.citybrain.control.signal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * This protocol as the intersection of {@code layout} can follow it. A plan whose yellow phase lets only right
     * turns go is followed as is (a choice phase that lets nothing else go, as at the T-junctions of
     * the KDD Cup's networks, is simply never worth choosing). One whose yellow phase is a green,
     * such as SUMO's (greens with short clearance phases between them, the first phase a green),
     * has its own choices: in plan order, each phase that lets go a through
     * or left movement that none before it does (so that every movement is served, by as few
     * phases as the plan allows, and the 120 s rule stays feasible: a plan's extra single-approach
     * phases add nothing), and as the yellow its first phase that lets only right turns go. A plan
     * without such a phase, or with choices configured, keeps the protocol.
     */
    public ControlProtocol at(IntersectionLayout layout) {
        int yellow = yellowPhase;
        boolean fits = yellow >= layout.phases() || layout.movementsOf(yellow).length == 0;
        if (fits || !choices.isEmpty()) {
            return this;
        }
        List<Integer> greens = new ArrayList<>();
        Set<Integer> served = new HashSet<>();
        int clearance = -1;
        for (int p = 0; p < layout.phases(); p++) {
            int[] movements = layout.movementsOf(p);
            if (movements.length == 0) {
                clearance = clearance < 0 ? p : clearance;
                continue;
            }
            boolean adds = false;
            for (int m : movements) {
                adds |= served.add(m);
            }
            if (adds) { // a phase that lets go only what earlier ones do is left out
                greens.add(p);
            }
        }
        if (clearance < 0 || greens.isEmpty()) {
            return this;
        }
        return new ControlProtocol(decisionSeconds, yellowSeconds, clearance, maxRedSeconds, greens);
    }
}
