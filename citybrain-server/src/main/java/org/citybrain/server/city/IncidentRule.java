package org.citybrain.server.city;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;

/**
 * The incident detector's rule, on the readings alone: a lane is <em>blocked</em> when it holds
 * stopped vehicles and none of them leaves it while the signal shows green for its movements,
 * for {@value #BLOCKED_GREEN_SECONDS} seconds of green in all, and the roads it leads to have room.
 * <ul>
 *   <li>A queue at a red light is not a blockage: rounds without green say nothing (they neither
 *       add nor clear), so a long red, under any controller, raises nothing.</li>
 *   <li>Each round's green is what the signal reported showing during it (the phases its
 *       {@code currentPhase} readings give, timed by the devices' own clocks), less
 *       {@value #LOST_SECONDS} s in which a standing queue may not yet have moved; a signal that
 *       reported nothing counts the green share of its plan.</li>
 *   <li>Spillback is congestion, not an incident: while a road the lane leads to is full
 *       (occupancy at least {@value #FULL_OCCUPANCY}) or has a lane that stands at its green
 *       itself (blocked-looking, or held back in turn), or any road leaving the same intersection
 *       has a blocked-looking lane (vehicles waiting inside the intersection to enter it block the
 *       crossing movements), the lane is <em>held back</em>: its count starts again. So the alarm
 *       goes to the farthest lane downstream that stands with room ahead, and a queue that reaches
 *       back over several intersections raises nothing behind it.</li>
 *   <li>A departure, or a lane without stopped vehicles, clears the lane; a road alarmed once is
 *       alarmed again only after all its lanes were clear.</li>
 * </ul>
 * What the rule knows beyond the readings is the static twin: lanes, the movements each lane
 * serves, which phases let them go, the roads they lead to. It keeps a few numbers per lane and the
 * last {@value #PHASES_KEPT} phase changes per signal. Not thread-safe: one thread feeds it.
 */
final class IncidentRule {
    /** Seconds of green during which no vehicle left a lane with stopped vehicles, in all, for an alarm. */
    static final double BLOCKED_GREEN_SECONDS = 45;
    /** Seconds of each round's green a standing queue may take to start moving: not counted. */
    static final double LOST_SECONDS = 3;
    /** Occupancy at which a lane is full: it takes no more vehicles. */
    static final double FULL_OCCUPANCY = 0.5;
    /** Phase changes kept per signal, newest: half an hour of Hangzhou's plan. */
    static final int PHASES_KEPT = 64;
    private static final long NONE = Long.MIN_VALUE;

    /** A lane found blocked: its road is alarmed until all its lanes are clear again. */
    record Alarm(CityModel.LaneRef lane, double greenSeconds, int queue, double occupancy) {
    }

    private final double interval;
    private final List<CityModel.LaneRef> lanes;
    /** Per lane: its signal's index in {@link #signals}, or -1 if nothing holds its movements (always green). */
    private final int[] signalOf;
    /** Per lane, per phase of its signal: whether one of its movements may go. */
    private final boolean[][] greenIn;
    /** Per lane: the share of its signal's plan cycle with green for it, while the signal reported nothing. */
    private final double[] planShare;
    /** Per lane: the watched lanes of the roads its movements lead to. */
    private final int[][] exits;
    /** Per lane: the watched lanes of every road leaving its intersection. */
    private final int[][] leaving;
    /** Per road with watched lanes: those lanes. */
    private final Map<String, int[]> lanesOfRoad = new HashMap<>();
    private final Map<String, Integer> signalIndex = new HashMap<>();
    private final Timeline[] signals;

    private final long[] lastAt;
    private final double[] stalledGreen;
    private final boolean[] heldBack;
    private final double[] occupancy;
    private final Set<String> alarmed = new HashSet<>();

    /** One signal's reported phases, oldest first, in the devices' milliseconds. */
    private static final class Timeline {
        final long[] at = new long[PHASES_KEPT];
        final int[] phase = new int[PHASES_KEPT];
        int n;

        void add(long millis, int p) {
            if (n == PHASES_KEPT) {
                System.arraycopy(at, 1, at, 0, n - 1);
                System.arraycopy(phase, 1, phase, 0, n - 1);
                n--;
            }
            int k = n;
            while (k > 0 && at[k - 1] > millis) { // a reading that arrived late goes to its place
                at[k] = at[k - 1];
                phase[k] = phase[k - 1];
                k--;
            }
            at[k] = millis;
            phase[k] = p;
            n++;
        }
    }

    /**
     * @param lanes           the watched lanes, in the order {@link #round} numbers them
     * @param intervalSeconds simulated seconds of one detector round
     */
    IncidentRule(RoadNetwork network, List<CityModel.LaneRef> lanes, double intervalSeconds) {
        this.interval = intervalSeconds;
        this.lanes = List.copyOf(lanes);
        int n = lanes.size();
        Map<String, List<Integer>> byRoad = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byRoad.computeIfAbsent(lanes.get(i).road(), k -> new ArrayList<>()).add(i);
        }
        byRoad.forEach((road, list) -> lanesOfRoad.put(road, list.stream().mapToInt(Integer::intValue).toArray()));
        List<Timeline> timelines = new ArrayList<>();
        for (Intersection in : network.intersections()) {
            if (in.signal().isPresent() && !in.signal().get().phases().isEmpty()) {
                signalIndex.put(in.id(), timelines.size());
                timelines.add(new Timeline());
            }
        }
        signals = timelines.toArray(Timeline[]::new);
        Map<String, Set<String>> roadsFrom = new HashMap<>();
        for (Road r : network.roads()) {
            roadsFrom.computeIfAbsent(r.startIntersection(), k -> new HashSet<>()).add(r.id());
        }
        signalOf = new int[n];
        greenIn = new boolean[n][];
        planShare = new double[n];
        exits = new int[n][];
        leaving = new int[n][];
        for (int i = 0; i < n; i++) {
            CityModel.LaneRef lane = lanes.get(i);
            Road road = network.road(lane.road()).orElseThrow(() -> new IllegalArgumentException("no road " + lane.road()));
            Intersection end = network.intersection(road.endIntersection()).orElseThrow();
            List<Phase> phases = end.signal().map(s -> s.phases()).orElse(List.of());
            signalOf[i] = signalIndex.getOrDefault(end.id(), -1);
            greenIn[i] = new boolean[phases.size()];
            Set<String> exitRoads = new HashSet<>();
            for (int k = 0; k < end.roadLinks().size(); k++) {
                RoadLink link = end.roadLinks().get(k);
                if (!link.startRoad().equals(lane.road()) || link.laneLinks().stream().noneMatch(l -> startsAt(l, lane.lane()))) {
                    continue;
                }
                exitRoads.add(link.endRoad());
                for (int p = 0; p < phases.size(); p++) {
                    greenIn[i][p] |= phases.get(p).roadLinks().contains(k);
                }
            }
            double green = 0;
            double cycle = 0;
            for (int p = 0; p < phases.size(); p++) {
                cycle += phases.get(p).seconds();
                green += greenIn[i][p] ? phases.get(p).seconds() : 0;
            }
            planShare[i] = cycle > 0 ? green / cycle : 1;
            exits[i] = lanesOf(exitRoads);
            leaving[i] = lanesOf(roadsFrom.getOrDefault(end.id(), Set.of()));
        }
        lastAt = new long[n];
        stalledGreen = new double[n];
        heldBack = new boolean[n];
        occupancy = new double[n];
        reset();
    }

    private static boolean startsAt(LaneLink link, int lane) {
        return link.startLane() == lane;
    }

    private int[] lanesOf(Set<String> roads) {
        return roads.stream().sorted().flatMapToInt(r -> Arrays.stream(lanesOfRoad.getOrDefault(r, new int[0]))).toArray();
    }

    /**
     * Forgets the lanes' readings and the alarms (the city's flow started again: its lanes start
     * empty); the signals' phases hold on.
     */
    void reset() {
        Arrays.fill(lastAt, NONE);
        Arrays.fill(stalledGreen, 0);
        Arrays.fill(heldBack, false);
        Arrays.fill(occupancy, 0);
        alarmed.clear();
    }

    /** Signal {@code intersection} reported showing {@code phase} from {@code millis} (the reading's time); others are ignored. */
    void phaseShown(String intersection, int phase, long millis) {
        Integer s = signalIndex.get(intersection);
        if (s != null) {
            signals[s].add(millis, phase);
        }
    }

    /**
     * One round of lane {@code lane} (its position in the lanes given), read at {@code millis}: vehicles that left it
     * during the round, its occupancy (0..1) and the vehicles stopped on it at the round's end.
     *
     * @return the alarm, if this round found the lane blocked and its road was not alarmed already
     */
    Optional<Alarm> round(int lane, long millis, int departed, double occupancy, int queue) {
        long from = lastAt[lane];
        lastAt[lane] = Math.max(millis, from);
        this.occupancy[lane] = occupancy;
        if (departed > 0 || queue == 0) {
            stalledGreen[lane] = 0;
            heldBack[lane] = false;
            clearIfNormal(lanes.get(lane).road());
            return Optional.empty();
        }
        if (from == NONE || millis <= from) {
            return Optional.empty(); // the first round (or one out of order): no time span to weigh
        }
        double green = greenShare(lane, from, millis) * interval - LOST_SECONDS;
        if (green <= 0) {
            return Optional.empty(); // a red: nothing said about this lane
        }
        if (exitBlocked(lane)) {
            stalledGreen[lane] = 0; // spillback: the queue is the road ahead's
            heldBack[lane] = true;
            return Optional.empty();
        }
        heldBack[lane] = false;
        stalledGreen[lane] += green;
        CityModel.LaneRef ref = lanes.get(lane);
        if (stalledGreen[lane] >= BLOCKED_GREEN_SECONDS && alarmed.add(ref.road())) {
            return Optional.of(new Alarm(ref, stalledGreen[lane], queue, occupancy));
        }
        return Optional.empty();
    }

    /** Seconds of green without a departure the lane has had since it last was clear. */
    double stalledGreenSeconds(int lane) {
        return stalledGreen[lane];
    }

    /** The share of {@code (from, to]} in which the lane's signal showed a phase that lets one of its movements go. */
    private double greenShare(int lane, long from, long to) {
        int s = signalOf[lane];
        if (s < 0) {
            return 1;
        }
        Timeline t = signals[s];
        if (t.n == 0) {
            return planShare[lane];
        }
        int shown = -1; // unknown before the first reading: no green counted
        long since = from;
        long green = 0;
        for (int k = 0; k < t.n && t.at[k] < to; k++) {
            if (t.at[k] > from) {
                green += green(lane, shown) ? t.at[k] - since : 0;
                since = t.at[k];
            }
            shown = t.phase[k];
        }
        green += green(lane, shown) ? to - since : 0;
        return (double) green / (to - from);
    }

    private boolean green(int lane, int phase) {
        return phase >= 0 && phase < greenIn[lane].length && greenIn[lane][phase];
    }

    /** Whether the lane was held back at its last green by the road ahead. */
    boolean heldBack(int lane) {
        return heldBack[lane];
    }

    /** Whether a road the lane leads to is full or stands, or a road leaving its intersection looks blocked. */
    private boolean exitBlocked(int lane) {
        for (int e : exits[lane]) {
            if (occupancy[e] >= FULL_OCCUPANCY || stalledGreen[e] > 0 || heldBack[e]) {
                return true;
            }
        }
        for (int e : leaving[lane]) {
            if (stalledGreen[e] > 0) {
                return true;
            }
        }
        return false;
    }

    private void clearIfNormal(String road) {
        if (!alarmed.contains(road)) {
            return;
        }
        for (int l : lanesOfRoad.get(road)) {
            if (stalledGreen[l] > 0 || heldBack[l]) {
                return;
            }
        }
        alarmed.remove(road);
    }
}
