package org.citybrain.control.emergency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

import org.citybrain.control.signal.IntersectionLayout;
import org.citybrain.sim.signal.SignalSite;

/**
 * The rules by which one signalised intersection serves an emergency vehicle, whoever applies them
 * ({@link EmergencyPriority} in the engine, or a platform sending the signals commands): which of
 * its movements the vehicle takes next, whether the vehicle calls the intersection yet, and which
 * phase lets it go.
 *
 * <ul>
 *   <li>the movement is the road link from the vehicle's road to the next road of its route; right
 *       turns, green in every phase, and the last road of a route need none;</li>
 *   <li>the vehicle calls within {@link EmergencyConfig#preemptionDistance} of the stop line, or when
 *       the queue of its lane reaches back to it ({@link #QUEUED_VEHICLE_SPACING} m per queued vehicle);</li>
 *   <li>the phase is the one shown if it lets the movement go, else, among those that do, the one
 *       whose lanes hold the most queued vehicles (ties: the lowest phase).</li>
 * </ul>
 */
public final class EmergencyCalls {
    /** Metres of lane a queued vehicle takes: 5 m long plus 2.5 m gap, rounded up. */
    public static final double QUEUED_VEHICLE_SPACING = 8;

    private final SignalSite site;
    private final EmergencyConfig config;
    private final Map<String, Map<String, Integer>> movementByRoads = new HashMap<>();
    private final int[][] phasesWith; // per movement: the non-yellow phases letting it go; empty for right turns
    private final int[][] lanesOf; // per phase: entering lanes of its non-right-turn movements

    public EmergencyCalls(IntersectionLayout layout, EmergencyConfig config) {
        this.site = layout.site();
        this.config = config;
        List<IntersectionLayout.Movement> ms = layout.movements();
        phasesWith = new int[ms.size()][];
        for (int m = 0; m < ms.size(); m++) {
            IntersectionLayout.Movement mv = ms.get(m);
            movementByRoads.computeIfAbsent(mv.startRoad(), k -> new HashMap<>()).put(mv.endRoad(), m);
            List<Integer> ps = new ArrayList<>();
            for (int p = 0; p < layout.phases() && !mv.isRightTurn(); p++) {
                if (p != config.yellowPhase() && contains(layout.movementsOf(p), m)) {
                    ps.add(p);
                }
            }
            phasesWith[m] = ps.stream().mapToInt(Integer::intValue).toArray();
        }
        lanesOf = new int[layout.phases()][];
        for (int p = 0; p < lanesOf.length; p++) {
            lanesOf[p] = layout.enteringLanesOf(p);
        }
    }

    /** The movement here that the vehicle takes next, if it needs a green; else -1. */
    public int movement(EmergencyPosition p) {
        if (p.crossing() || p.routeIndex() + 1 >= p.route().size()) {
            return -1;
        }
        Map<String, Integer> from = movementByRoads.get(p.road());
        Integer m = from == null ? null : from.get(p.route().get(p.routeIndex() + 1));
        return m == null || phasesWith[m].length == 0 ? -1 : m;
    }

    /**
     * Whether the vehicle is close enough, or stuck in a queue that reaches back to it.
     *
     * @param queue queued vehicles on incoming lane {@code i} (as {@link SignalSite#incoming()} lists them)
     */
    public boolean calls(EmergencyPosition p, IntUnaryOperator queue) {
        if (p.toStopLine() <= config.preemptionDistance(p.speed())) {
            return true;
        }
        int lane = site.incomingIndex(p.road(), p.lane());
        return lane >= 0 && p.toStopLine() <= (queue.applyAsInt(lane) + 1) * QUEUED_VEHICLE_SPACING;
    }

    /**
     * The phase to show for movement {@code m}: {@code shown} if it lets the movement go, else the
     * one that does with the most queued vehicles on its lanes.
     *
     * @param queue queued vehicles on incoming lane {@code i}
     */
    public int phaseFor(int m, int shown, IntUnaryOperator queue) {
        return phaseFor(m, shown, queue, p -> true);
    }

    /**
     * As {@link #phaseFor(int, int, IntUnaryOperator)}, among the phases {@code allowed} only (a
     * signal that can be commanded some of its phases only).
     *
     * @return the phase, or -1 when no allowed phase lets the movement go
     */
    public int phaseFor(int m, int shown, IntUnaryOperator queue, IntPredicate allowed) {
        int[] candidates = phasesWith[m];
        if (contains(candidates, shown) && allowed.test(shown)) {
            return shown;
        }
        int best = -1;
        int bestQueue = -1;
        for (int p : candidates) {
            if (!allowed.test(p)) {
                continue;
            }
            int q = 0;
            for (int i : lanesOf[p]) {
                q += queue.applyAsInt(i);
            }
            if (q > bestQueue) {
                bestQueue = q;
                best = p;
            }
        }
        return best;
    }

    /** Whether phase {@code p} lets movement {@code m} go. */
    public boolean lets(int p, int m) {
        return contains(phasesWith[m], p);
    }

    static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }
}
