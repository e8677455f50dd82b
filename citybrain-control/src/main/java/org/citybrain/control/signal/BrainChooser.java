package org.citybrain.control.signal;

import java.util.List;

import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Road;

/**
 * CityBrain's phase choice: the first step of the phase plan, over the next three decision
 * intervals, that saves the most vehicle-seconds of waiting.
 *
 * <p>It predicts from what the sensors see when each vehicle of each approach would cross its stop
 * line under a plan: the camera gives distance and speed of every vehicle within 200 m; the lane's
 * counts give the vehicles beyond it (those queued behind the last one seen, the rest spread evenly
 * up to the lane's start at its speed limit). Under a plan, a lane is green in the intervals whose
 * phase lets its movement go; a switch shows the yellow first and costs a start-up loss. Vehicles
 * leave in order: each a saturation headway after the one ahead, never before it can reach the line
 * accelerating at an ordinary car's rate up to the speed limit, and only while green. Each movement
 * is capped by the room left on its exit road.
 *
 * <p>A vehicle that crosses {@code t} s from now counts {@code horizon − t}: the seconds of waiting
 * within the horizon it saves against not being served in it. Summed over vehicles this is the
 * waiting time the plan saves, so every vehicle counts the same, as it does in the travel time that
 * is judged; serving the same vehicles sooner is worth more, and the start-up loss and the yellow of
 * a switch cost what they delay. Every plan of {@link #INTERVALS} phases is compared; the first phase
 * of the best plan goes, and ties keep the current phase. Constants are physical (headway 2 s,
 * start-up loss 2 s, acceleration 2 m/s², 7.5 m per queued vehicle) or round numbers, not fitted to
 * any flow.
 */
public final class BrainChooser implements PhaseChooser {
    /** Seconds between two vehicles leaving a lane in saturated flow. */
    static final double HEADWAY = 2.0;
    /** Seconds lost when a red lane starts moving. */
    static final double STARTUP = 2.0;
    /** An ordinary car's acceleration from a stop or a crawl, m/s². */
    static final double ACCELERATION = 2.0;
    /** Metres a stopped vehicle takes on a road (length + gap). */
    static final double SPACE_PER_VEHICLE = 7.5;
    /** What the camera covers before the stop line, metres. */
    static final double RANGE = 200;
    /** Decision intervals the plans cover. */
    static final int INTERVALS = 3;

    private final IntersectionLayout layout;
    private final ControlProtocol protocol;
    private final double horizon;
    /** Vehicles a lane can let go within the horizon at most; the ones behind do not matter. */
    private final int maxServed;
    private final double[] exitRoom; // per movement: vehicles its exit road can still take
    private final double[] exitCapacity; // per movement: vehicles its exit road holds
    private final int[] planned; // non-right-turn movements of the choice phases
    private final boolean[][] goes; // [movement][phase]: the phase lets the movement go
    private final double[] laneLength;
    private final double[] laneSpeedLimit;
    private final double[][] laneDistance; // per incoming lane: vehicles ahead of the first maxServed, nearest first
    private final double[][] laneSpeed;
    private final int[] laneVehicles;
    // green windows of one lane under one plan
    private final double[] windowStart = new double[INTERVALS];
    private final double[] windowEnd = new double[INTERVALS];
    private final boolean[] windowFresh = new boolean[INTERVALS];
    private final int[] plan = new int[INTERVALS];
    /** Ways a plan can look to one movement: per interval red, green on, or green after a switch. */
    private static final int PATTERNS = 1 << (2 * INTERVALS);
    // per movement and pattern: what it saves, valid for the decision numbered stamp
    private final double[] memo;
    private final int[] memoStamp;
    private int stamp;

    public BrainChooser(IntersectionLayout layout) {
        this(layout, ControlProtocol.BENCHMARK);
    }

    public BrainChooser(IntersectionLayout layout, ControlProtocol protocol) {
        this.layout = layout;
        this.protocol = protocol;
        horizon = INTERVALS * protocol.decisionSeconds();
        maxServed = (int) Math.ceil(horizon / HEADWAY) + 1;
        SignalSite site = layout.site();
        List<IntersectionLayout.Movement> ms = layout.movements();
        int movements = ms.size();
        exitRoom = new double[movements];
        exitCapacity = new double[movements];
        goes = new boolean[movements][layout.phases()];
        for (int m = 0; m < movements; m++) {
            Road exit = site.network().road(ms.get(m).endRoad()).orElseThrow();
            exitCapacity[m] = exit.lanes().size() * exit.length() / SPACE_PER_VEHICLE;
        }
        int count = 0;
        boolean[] any = new boolean[movements];
        for (int p = 0; p < layout.phases(); p++) {
            for (int m : layout.movementsOf(p)) {
                goes[m][p] = true;
                if (!any[m]) {
                    any[m] = true;
                    count++;
                }
            }
        }
        planned = new int[count];
        for (int m = 0, k = 0; m < movements; m++) {
            if (any[m]) {
                planned[k++] = m;
            }
        }
        int lanes = site.incoming().size();
        laneLength = new double[lanes];
        laneSpeedLimit = new double[lanes];
        for (int i = 0; i < lanes; i++) {
            SignalSite.LaneRef ref = site.incoming().get(i);
            Road road = site.network().road(ref.road()).orElseThrow();
            laneLength[i] = road.length();
            laneSpeedLimit[i] = road.lanes().get(ref.lane()).maxSpeed();
        }
        laneDistance = new double[lanes][maxServed];
        laneSpeed = new double[lanes][maxServed];
        laneVehicles = new int[lanes];
        memo = new double[movements * PATTERNS];
        memoStamp = new int[movements * PATTERNS];
    }

    @Override
    public int choose(IntersectionObservation obs, int current, int[] choices) {
        observe(obs);
        stamp++;
        int n = choices.length;
        int plans = 1;
        for (int k = 0; k < INTERVALS; k++) {
            plans *= n;
        }
        int best = current >= 0 ? current : choices[0];
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int code = 0; code < plans; code++) {
            int c = code;
            for (int k = 0; k < INTERVALS; k++) {
                plan[k] = choices[c % n];
                c /= n;
            }
            double score = saved(current);
            if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && plan[0] == current)) {
                bestScore = score;
                best = plan[0];
            }
        }
        return best;
    }

    /** What the camera and the lane counts tell of each incoming lane's vehicles, and the room on the exits. */
    private void observe(IntersectionObservation obs) {
        for (int i = 0; i < laneVehicles.length; i++) {
            int lane = i;
            laneVehicles[i] = 0;
            int[] stopped = {0};
            double[] last = {0};
            int[] seen = {0};
            obs.approaching(i, RANGE, (distance, speed) -> {
                seen[0]++;
                last[0] = distance;
                if (speed <= 0.1) {
                    stopped[0]++;
                }
                int k = laneVehicles[lane];
                if (k < maxServed) {
                    laneDistance[lane][k] = distance;
                    laneSpeed[lane][k] = speed;
                    laneVehicles[lane] = k + 1;
                }
            });
            // beyond the camera: the rest of the queue stands behind the last vehicle seen, the
            // others drive somewhere between there and the lane's start
            int queuedBeyond = Math.max(0, obs.queue(i) - stopped[0]);
            int movingBeyond = Math.max(0, obs.vehicles(i) - seen[0] - queuedBeyond);
            double from = Math.max(RANGE, last[0]);
            for (int k = 0; k < queuedBeyond && laneVehicles[i] < maxServed; k++) {
                from += SPACE_PER_VEHICLE;
                add(i, from, 0);
            }
            double span = Math.max(0, laneLength[i] - from);
            for (int k = 0; k < movingBeyond && laneVehicles[i] < maxServed; k++) {
                add(i, from + span * (k + 0.5) / movingBeyond, laneSpeedLimit[i]);
            }
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

    private void add(int i, double distance, double speed) {
        int k = laneVehicles[i];
        laneDistance[i][k] = distance;
        laneSpeed[i][k] = speed;
        laneVehicles[i] = k + 1;
    }

    /** Vehicle-seconds of waiting within the horizon that {@link #plan} saves. */
    private double saved(int current) {
        double d = protocol.decisionSeconds();
        double y = protocol.yellowSeconds();
        double total = 0;
        for (int m : planned) {
            // what the movement sees of the plan: in which intervals it is green, after a switch or not
            int key = 0;
            int before = current;
            for (int k = 0; k < INTERVALS; k++) {
                if (goes[m][plan[k]]) {
                    key |= (plan[k] != before ? 3 : 1) << (2 * k);
                }
                before = plan[k];
            }
            int slot = m * PATTERNS + key;
            if (memoStamp[slot] == stamp) {
                total += memo[slot];
                continue;
            }
            // the movement's green windows under the plan
            int w = 0;
            int prev = current;
            boolean wasGreen = current >= 0 && goes[m][current];
            for (int k = 0; k < INTERVALS; k++) {
                int p = plan[k];
                boolean switched = p != prev;
                if (goes[m][p]) {
                    if (!switched && wasGreen && w > 0) {
                        windowEnd[w - 1] = (k + 1) * d;
                    } else {
                        windowStart[w] = k * d + (switched ? y : 0);
                        windowEnd[w] = (k + 1) * d;
                        windowFresh[w] = switched || !wasGreen;
                        w++;
                    }
                }
                wasGreen = goes[m][p];
                prev = p;
            }
            double worth = 0;
            if (w > 0) {
                double count = 0;
                double value = 0;
                for (int i : layout.movements().get(m).entering()) {
                    value += served(i, w);
                    count += servedCount;
                }
                double room = exitRoom[m];
                worth = count <= room || count == 0 ? value : value * room / count;
            }
            memo[slot] = worth;
            memoStamp[slot] = stamp;
            total += worth;
        }
        return total;
    }

    private int servedCount;

    /**
     * Sum of {@code horizon − t} over the vehicles of incoming lane {@code i} that cross the stop line
     * in the first {@code w} green windows ({@code t}: when each crosses); {@link #servedCount} is set to
     * how many do.
     */
    private double served(int i, int w) {
        int win = 0;
        double t = windowStart[0] + (windowFresh[0] ? STARTUP : 0) - HEADWAY;
        int n = 0;
        double value = 0;
        for (int k = 0; k < laneVehicles[i]; k++) {
            double arrival = arrival(i, laneDistance[i][k], laneSpeed[i][k]);
            double cross = Math.max(t + HEADWAY, arrival);
            while (cross > windowEnd[win]) {
                if (++win == w) {
                    servedCount = n;
                    return value;
                }
                t = windowStart[win] + (windowFresh[win] ? STARTUP : 0) - HEADWAY;
                cross = Math.max(t + HEADWAY, arrival);
            }
            t = cross;
            n++;
            value += horizon - cross;
        }
        servedCount = n;
        return value;
    }

    /**
     * Seconds a vehicle {@code d} m before the stop line of lane {@code i}, at {@code v} m/s, needs to
     * reach it unhindered: accelerating at {@link #ACCELERATION} up to the speed limit.
     */
    private double arrival(int i, double d, double v) {
        double limit = laneSpeedLimit[i];
        if (v >= limit) {
            return d / v;
        }
        double accelerating = (limit - v) / ACCELERATION;
        double covered = (v + limit) / 2 * accelerating;
        if (d <= covered) {
            return (Math.sqrt(v * v + 2 * ACCELERATION * d) - v) / ACCELERATION;
        }
        return accelerating + (d - covered) / limit;
    }
}
