package org.citybrain.control.signal;

import java.util.List;

import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Road;

/**
 * CityBrain's phase choice: serve the most vehicles in the next interval, with a short look-ahead.
 *
 * <p>For every candidate phase it predicts, from what the cameras see within 200 m of each stop
 * line (distance and speed of every vehicle), how many vehicles of its non-right-turn movements
 * would cross the stop line in the green that choice gives: the whole interval when the phase is
 * already green, the interval less the yellow when it means a switch. Vehicles leave in order: a
 * queued vehicle after the one ahead plus a saturation headway (after a start-up loss when the
 * phase was red), a moving one when it arrives at its speed, never before the one ahead. Each
 * movement is capped by the room left on its exit road. A vehicle served counts 1 + the queue on its
 * lane (every queued vehicle behind it waits less), so long queues, which the camera sees only in
 * part, gain ground. It plans two intervals: a phase scores what it serves now plus the best it
 * allows in the next interval (kept, or a switch to another phase through the yellow), and the
 * first phase of the best plan goes. Ties keep the current phase. Constants are physical (headway 2 s, start-up loss
 * 2 s, 7.5 m per queued vehicle) or round numbers, not fitted to any flow.
 */
public final class BrainChooser implements PhaseChooser {
    /** Seconds between two vehicles leaving a lane in saturated flow. */
    static final double HEADWAY = 2.0;
    /** Seconds lost when a red lane starts moving. */
    static final double STARTUP = 2.0;
    /** Metres a stopped vehicle takes on a road (length + gap). */
    static final double SPACE_PER_VEHICLE = 7.5;
    static final double RANGE = 200;
    /** The second interval of the plan counts as much as the first (no discount). */
    private static final double LOOKAHEAD_WEIGHT = 1.0;
    private static final double QUEUE_WEIGHT = 1.0;

    private final IntersectionLayout layout;
    private final ControlProtocol protocol;
    private final double[] exitRoom; // per movement: vehicles its exit road can still take
    private final double[] exitCapacity; // per movement: vehicles its exit road holds
    private final double[][] laneDistance; // per incoming lane: distances of seen vehicles, nearest first
    private final double[][] laneSpeed;
    private final int[] laneSeen;
    private final int[] laneQueue;

    public BrainChooser(IntersectionLayout layout) {
        this(layout, ControlProtocol.BENCHMARK);
    }

    public BrainChooser(IntersectionLayout layout, ControlProtocol protocol) {
        this.layout = layout;
        this.protocol = protocol;
        SignalSite site = layout.site();
        int movements = layout.movements().size();
        exitRoom = new double[movements];
        exitCapacity = new double[movements];
        for (int m = 0; m < movements; m++) {
            Road exit = site.network().road(layout.movements().get(m).endRoad()).orElseThrow();
            exitCapacity[m] = exit.lanes().size() * exit.length() / SPACE_PER_VEHICLE;
        }
        int lanes = site.incoming().size();
        laneDistance = new double[lanes][64];
        laneSpeed = new double[lanes][64];
        laneSeen = new int[lanes];
        laneQueue = new int[lanes];
    }

    @Override
    public int choose(IntersectionObservation obs, int current, int[] choices) {
        observe(obs, current);
        double decision = protocol.decisionSeconds();
        double afterSwitch = decision - protocol.yellowSeconds();
        int best = current >= 0 ? current : choices[0];
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int p : choices) {
            double green = p == current ? decision : afterSwitch;
            double first = servedBetween(p, 0, green, p == current);
            // the best second interval after p: p kept, or a switch to q through the yellow
            double second = 0;
            for (int q : choices) {
                double start = q == p ? green : green + protocol.yellowSeconds();
                double next = q == p ? servedBetween(p, green, green + decision, p == current)
                        : servedBetween(q, start, green + decision, false);
                second = Math.max(second, next);
            }
            double score = first + LOOKAHEAD_WEIGHT * second;
            if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && p == current)) {
                bestScore = score;
                best = p;
            }
        }
        return best;
    }

    private void observe(IntersectionObservation obs, int current) {
        for (int i = 0; i < laneSeen.length; i++) {
            int lane = i;
            laneSeen[i] = 0;
            laneQueue[i] = obs.queue(i);
            obs.approaching(i, RANGE, (distance, speed) -> {
                int k = laneSeen[lane];
                if (k < laneDistance[lane].length) {
                    laneDistance[lane][k] = distance;
                    laneSpeed[lane][k] = speed;
                    laneSeen[lane] = k + 1;
                }
            });
        }
        List<IntersectionLayout.Movement> ms = layout.movements();
        for (int m = 0; m < ms.size(); m++) {
            int onExit = 0;
            for (int o : ms.get(m).exit()) {
                onExit += obs.outgoingVehicles(o);
            }
            exitRoom[m] = Math.max(0, exitCapacity[m] - onExit);
        }
    }

    /**
     * Weighted count of vehicles of phase {@code p} that cross their stop line between {@code start}
     * and {@code until} seconds from now when the phase turns green at {@code start} (already green:
     * no start-up loss), each movement capped by the room on its exit road.
     */
    private double servedBetween(int p, double start, double until, boolean alreadyGreen) {
        double total = 0;
        for (int m : layout.movementsOf(p)) {
            IntersectionLayout.Movement mv = layout.movements().get(m);
            double count = 0;
            double weight = 0;
            for (int i : mv.entering()) {
                int n = crossing(i, start, until, alreadyGreen);
                count += n;
                weight += n * (1 + QUEUE_WEIGHT * laneQueue[i]);
            }
            double room = exitRoom[m];
            total += count <= room || count == 0 ? weight : weight * room / count;
        }
        return total;
    }

    /**
     * Vehicles of incoming lane {@code i} that cross the stop line in {@code (start, until]} s from now
     * when it is green from {@code start} on: in order, each a headway after the one ahead, none
     * before it arrives at its speed.
     */
    private int crossing(int i, double start, double until, boolean alreadyGreen) {
        double t = start + (alreadyGreen ? 0 : STARTUP) - HEADWAY;
        int n = 0;
        for (int k = 0; k < laneSeen[i]; k++) {
            double speed = laneSpeed[i][k];
            double arrival = speed > 0.1 ? laneDistance[i][k] / Math.max(speed, 3) : 0;
            t = Math.max(t + HEADWAY, arrival);
            if (t > until) {
                break;
            }
            n++;
        }
        return n;
    }
}
