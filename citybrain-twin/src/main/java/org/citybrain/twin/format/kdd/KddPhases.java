package org.citybrain.twin.format.kdd;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.twin.Phase;
import org.citybrain.twin.SignalPlan;
import org.citybrain.twin.Turn;

/**
 * The eight CBEngine signal phases and the default fixed-time plan built from them.
 *
 * <p>Approaches are numbered as in the signal row: 0 is the row's first road (CBEngine calls it
 * the northern one), then clockwise. Phase {@code p} lets through the listed (approach, turn)
 * movements of traffic <em>arriving</em> from those approaches, plus every right turn, which
 * CBEngine never stops:
 * <pre>
 *   1  left   from 0 and 2          5  left + straight from 0
 *   2  straight from 0 and 2        6  left + straight from 1
 *   3  left   from 1 and 3          7  left + straight from 2
 *   4  straight from 1 and 3        8  left + straight from 3
 * </pre>
 * The twin's plan puts an extra phase 0 in front, an all-red interval in which only right turns
 * go, so that index {@code p} of the plan is CBEngine's phase {@code p}.
 */
final class KddPhases {
    /** Seconds of phase 0, CBEngine's all-red time when a signal changes phase. */
    static final double CLEARANCE_SECONDS = 5;
    /** Seconds of each of phases 1–4 in the default plan, unless the phase has nothing but right turns. */
    static final double GREEN_SECONDS = 30;

    /** {@code MOVEMENTS[p]} = pairs {approach, turn ordinal} of phase p (1..8); index 0 unused. */
    private static final int[][][] MOVEMENTS = {
        {},
        {{0, Turn.LEFT.ordinal()}, {2, Turn.LEFT.ordinal()}},
        {{0, Turn.STRAIGHT.ordinal()}, {2, Turn.STRAIGHT.ordinal()}},
        {{1, Turn.LEFT.ordinal()}, {3, Turn.LEFT.ordinal()}},
        {{1, Turn.STRAIGHT.ordinal()}, {3, Turn.STRAIGHT.ordinal()}},
        {{0, Turn.LEFT.ordinal()}, {0, Turn.STRAIGHT.ordinal()}},
        {{1, Turn.LEFT.ordinal()}, {1, Turn.STRAIGHT.ordinal()}},
        {{2, Turn.LEFT.ordinal()}, {2, Turn.STRAIGHT.ordinal()}},
        {{3, Turn.LEFT.ordinal()}, {3, Turn.STRAIGHT.ordinal()}},
    };

    static final int KDD_PHASES = 8;

    private KddPhases() {
    }

    /** Whether KDD phase {@code phase} (1..8) gives green to {@code turn} arriving from {@code approach}. */
    static boolean allows(int phase, int approach, Turn turn) {
        if (turn == Turn.RIGHT) {
            return true;
        }
        for (int[] m : MOVEMENTS[phase]) {
            if (m[0] == approach && m[1] == turn.ordinal()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The default plan for one intersection: phase 0 (right turns only) for
     * {@value #CLEARANCE_SECONDS} s, phases 1–4 for {@value #GREEN_SECONDS} s each, phases 5–8 for
     * 0 s (skipped). A phase among 1–4 that would serve nothing but right turns (a three-leg
     * intersection) also gets 0 s, so the cycle does not idle.
     *
     * @param approaches approach (0..3) of each road link of the intersection
     * @param turns      turn of each road link
     */
    static SignalPlan defaultPlan(int[] approaches, Turn[] turns) {
        List<Phase> phases = new ArrayList<>(KDD_PHASES + 1);
        phases.add(new Phase(CLEARANCE_SECONDS, links(0, approaches, turns)));
        for (int p = 1; p <= KDD_PHASES; p++) {
            List<Integer> links = links(p, approaches, turns);
            boolean onlyRight = true;
            for (int l : links) {
                onlyRight &= turns[l] == Turn.RIGHT;
            }
            double seconds = p <= 4 && !onlyRight ? GREEN_SECONDS : 0;
            phases.add(new Phase(seconds, links));
        }
        return new SignalPlan(phases);
    }

    private static List<Integer> links(int phase, int[] approaches, Turn[] turns) {
        List<Integer> links = new ArrayList<>();
        for (int l = 0; l < turns.length; l++) {
            if (phase == 0 ? turns[l] == Turn.RIGHT : allows(phase, approaches[l], turns[l])) {
                links.add(l);
            }
        }
        return links;
    }
}
