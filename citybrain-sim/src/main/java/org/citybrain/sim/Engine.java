package org.citybrain.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.VehicleType;

/**
 * The microsimulation step, CityFlow's model on primitive arrays.
 *
 * <p>One step: flows generate vehicles into the waiting queue of their first lane; queued vehicles
 * enter when the lane has room; lane changes are planned (if enabled); every vehicle on an
 * intersection's approach or inside it announces itself at the crosses ahead; every vehicle
 * computes its next speed from its leader (safe-distance car following), the signal and the
 * conflicts ahead, all from the same old state; vehicles move, possibly across drivables; new
 * state is applied; leaders and gaps are recomputed; signals advance.
 *
 * <p>Vehicle state is structure-of-arrays indexed by a vehicle slot; slots of finished vehicles are
 * reused. Units: metres, seconds, m/s. Each drivable keeps its vehicles in an intrusive doubly
 * linked list ({@code head}: front, largest distance; {@code tail}: back).
 */
final class Engine {
    static final int NONE = -1;
    private static final double YIELD_DISTANCE = 5;
    private static final double TURN_SPEED = 8.3333;
    private static final double QUEUE_SPEED = 0.1;
    private static final byte FREE = 0;
    private static final byte WAITING = 1;
    private static final byte RUNNING = 2;

    final CompiledNetwork net;
    private final SimulationConfig config;
    private final double dt;
    private final SplittableRandom rnd;

    // flows
    private final Flow[] flows;
    private final int[] flowRouteOff;
    private final int[] flowRouteLen;
    private final int[] routes;
    private final double[] flowNowTime;
    private final double[] flowFreeFlowTime;
    private final int[] flowOrder; // flows sorted by start time
    private int nextFlow; // position in flowOrder of the next flow to activate
    private int[] active = new int[64];
    private int activeCount;

    // vehicles (SoA)
    private int capacity;
    private int slotsUsed;
    private int[] freeSlots = new int[64];
    private int freeCount;
    byte[] state;
    double[] speed;
    double[] dis;
    double[] len;
    double[] maxPosAcc;
    double[] maxNegAcc;
    double[] usualPosAcc;
    double[] usualNegAcc;
    double[] minGap;
    double[] vMaxSpeed;
    double[] headway;
    double[] approachDistance;
    double[] enterTime;
    double[] roadEnterTime;
    double[] freeFlow;
    double[] lastLaneChange;
    double[] gap;
    int[] drivable;
    int[] prevDrivable;
    int[] nextDrivable;
    int[] routeOff;
    int[] routeLen;
    int[] routeIdx;
    int[] leader;
    int[] blocker;
    int[] priority;
    long[] enterLinkStep;
    int[] next;
    int[] prev;
    int[] waitNext;
    // step buffers
    double[] bufSpeed;
    double[] bufDis;
    int[] bufDrivable; // NONE: unchanged
    boolean[] bufEnd;
    int[] bufBlocker;
    int[] bufRouteIdx;

    // drivable lists
    final int[] head;
    final int[] tail;
    final int[] count;
    private final int[] waitHead;
    private final int[] waitTail;
    private int[] waitingLanes = new int[64];
    private int waitingLaneCount;
    private final boolean[] laneInWaitList;

    // crosses
    private final int[] notifyVehicle;
    private final double[] notifyDistance;

    // signals
    private final boolean[] green; // per global road link
    private final int[] phase;
    private final double[] phaseRemaining;
    private final double[] phaseElapsed;
    private final boolean[][][] phaseGreen; // [intersection][phase][local road link]
    private final IntersectionController[] controllers;
    private final Observation observation = new Observation();

    // metrics
    long step;
    long generated;
    long entered;
    long finished;
    long vehicleUpdates;
    double finishedTravelTime;
    double finishedDelay;

    // movers of one step, sorted before they join their new drivables
    private int[] moved = new int[64];
    private double[] movedKey = new double[64];
    private int movedCount;
    private final ParallelRunner runner;
    private final ParallelRunner.RangeTask computeActions = this::computeActions; // one object, not one per step
    private final LaneStats laneStats;

    Engine(Scenario scenario, SimulationConfig config, SignalController controller) {
        this.net = new CompiledNetwork(scenario.network());
        this.config = config;
        this.dt = config.stepSeconds();
        this.rnd = new SplittableRandom(config.seed());

        List<Flow> fl = scenario.flows();
        flows = fl.toArray(new Flow[0]);
        flowRouteOff = new int[flows.length];
        flowRouteLen = new int[flows.length];
        flowNowTime = new double[flows.length];
        Map<String, Integer> roadIds = net.roadIds();
        int total = 0;
        for (Flow f : flows) {
            total += f.route().size();
        }
        routes = new int[total];
        int off = 0;
        for (int i = 0; i < flows.length; i++) {
            flowRouteOff[i] = off;
            flowRouteLen[i] = flows[i].route().size();
            for (String r : flows[i].route()) {
                routes[off++] = roadIds.get(r);
            }
            flowNowTime[i] = flows[i].interval();
        }
        flowFreeFlowTime = new double[flows.length];
        for (int i = 0; i < flows.length; i++) {
            flowFreeFlowTime[i] = freeFlowTime(flowRouteOff[i], flowRouteLen[i], flows[i].vehicle().maxSpeed());
        }
        Integer[] order = new Integer[flows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(flows[a].startTime(), flows[b].startTime());
            return c != 0 ? c : Integer.compare(a, b);
        });
        flowOrder = new int[flows.length];
        for (int i = 0; i < order.length; i++) {
            flowOrder[i] = order[i];
        }

        grow(1024);
        head = new int[net.drivables];
        tail = new int[net.drivables];
        count = new int[net.drivables];
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
        waitHead = new int[net.lanes];
        waitTail = new int[net.lanes];
        Arrays.fill(waitHead, NONE);
        Arrays.fill(waitTail, NONE);
        laneInWaitList = new boolean[net.lanes];
        changedLanes = new int[0];
        notifyVehicle = new int[net.crosses * 2];
        notifyDistance = new double[net.crosses * 2];
        Arrays.fill(notifyVehicle, NONE);

        green = new boolean[net.roadLinks];
        phase = new int[net.intersections];
        phaseRemaining = new double[net.intersections];
        phaseElapsed = new double[net.intersections];
        phaseGreen = new boolean[net.intersections][][];
        controllers = new IntersectionController[net.intersections];
        List<Intersection> is = scenario.network().intersections();
        for (int i = 0; i < net.intersections; i++) {
            Intersection in = is.get(i);
            int from = net.interRoadLinkOff[i];
            int to = net.interRoadLinkOff[i + 1];
            if (in.signal().isEmpty() || from == to) {
                Arrays.fill(green, from, to, true);
                continue;
            }
            List<Phase> phases = in.signal().get().phases();
            phaseGreen[i] = new boolean[phases.size()][];
            for (int p = 0; p < phases.size(); p++) {
                phaseGreen[i][p] = net.phaseGreen(i, phases.get(p));
            }
            controllers[i] = controller.forIntersection(new SignalSite(scenario.network(), in));
            phaseElapsed[i] = 0;
            phase[i] = 0;
            askController(i);
        }
        runner = new ParallelRunner(config.threads());
        laneStats = new LaneStats(net.lanes);
    }

    // ------------------------------------------------------------------ the step

    void step() {
        double now = step * dt;
        generate(now);
        handleWaiting();
        if (config.laneChange()) {
            changeLanes(now);
        }
        notifyCrosses();
        int n = slotsUsed;
        runner.run(n, computeActions);
        updateLocations(now);
        applyUpdates();
        updateLeadersAndStats();
        advanceSignals();
        step++;
    }

    private void generate(double now) {
        while (nextFlow < flowOrder.length && flows[flowOrder[nextFlow]].startTime() <= now) {
            addActive(flowOrder[nextFlow++]);
        }
        int w = 0;
        for (int a = 0; a < activeCount; a++) {
            int f = active[a];
            Flow flow = flows[f];
            if (flow.endTime() != -1 && now > flow.endTime()) {
                continue; // flow is over: drop it
            }
            while (flowNowTime[f] >= flow.interval()) {
                spawn(f, now);
                flowNowTime[f] -= flow.interval();
            }
            flowNowTime[f] += dt;
            active[w++] = f;
        }
        activeCount = w;
    }

    private void addActive(int f) {
        if (activeCount == active.length) {
            active = Arrays.copyOf(active, active.length * 2);
        }
        // keep file order, as CityFlow iterates flows in file order
        int i = activeCount++;
        while (i > 0 && active[i - 1] > f) {
            active[i] = active[i - 1];
            i--;
        }
        active[i] = f;
    }

    private void spawn(int f, double now) {
        int v = allocate();
        VehicleType t = flows[f].vehicle();
        state[v] = WAITING;
        speed[v] = 0;
        dis[v] = 0;
        len[v] = t.length();
        maxPosAcc[v] = t.maxPosAcc();
        maxNegAcc[v] = t.maxNegAcc();
        usualPosAcc[v] = t.usualPosAcc();
        usualNegAcc[v] = t.usualNegAcc();
        minGap[v] = t.minGap();
        vMaxSpeed[v] = t.maxSpeed();
        headway[v] = t.headwayTime();
        approachDistance[v] = t.maxSpeed() * t.maxSpeed() / t.usualNegAcc() / 2 + t.maxSpeed() * dt * 2;
        enterTime[v] = now;
        roadEnterTime[v] = now;
        freeFlow[v] = flowFreeFlowTime[f];
        lastLaneChange[v] = Double.NEGATIVE_INFINITY;
        routeOff[v] = flowRouteOff[f];
        routeLen[v] = flowRouteLen[f];
        routeIdx[v] = 0;
        leader[v] = NONE;
        blocker[v] = NONE;
        gap[v] = 0;
        priority[v] = rnd.nextInt();
        enterLinkStep[v] = Long.MAX_VALUE;
        prevDrivable[v] = NONE;
        next[v] = NONE;
        prev[v] = NONE;
        waitNext[v] = NONE;
        bufDrivable[v] = NONE;
        bufEnd[v] = false;
        bufBlocker[v] = NONE;
        int lane = firstLane(v);
        drivable[v] = lane;
        nextDrivable[v] = chooseNext(v, lane, 0);
        generated++;
        if (waitTail[lane] == NONE) {
            waitHead[lane] = v;
            if (!laneInWaitList[lane]) {
                laneInWaitList[lane] = true;
                if (waitingLaneCount == waitingLanes.length) {
                    waitingLanes = Arrays.copyOf(waitingLanes, waitingLanes.length * 2);
                }
                waitingLanes[waitingLaneCount++] = lane;
            }
        } else {
            waitNext[waitTail[lane]] = v;
        }
        waitTail[lane] = v;
    }

    /** A random lane of the first road among those with a lane link onto the second road. */
    private int firstLane(int v) {
        int r0 = routes[routeOff[v]];
        int first = net.roadFirstLane[r0];
        int n = net.roadLaneCount[r0];
        if (routeLen[v] == 1) {
            return first + (int) Integer.toUnsignedLong(rnd.nextInt()) % n;
        }
        int r1 = routes[routeOff[v] + 1];
        int candidates = 0;
        for (int l = first; l < first + n; l++) {
            if (net.laneReaches(l, r1)) {
                candidates++;
            }
        }
        int pick = (int) (Integer.toUnsignedLong(rnd.nextInt()) % candidates);
        for (int l = first; l < first + n; l++) {
            if (net.laneReaches(l, r1) && pick-- == 0) {
                return l;
            }
        }
        throw new IllegalStateException("no lane of road " + r0 + " leads to road " + r1);
    }

    private void handleWaiting() {
        int w = 0;
        for (int i = 0; i < waitingLaneCount; i++) {
            int lane = waitingLanes[i];
            int v = waitHead[lane];
            int t = tail[lane];
            if (t == NONE || dis[t] > len[t] + minGap[v]) {
                waitHead[lane] = waitNext[v];
                if (waitHead[lane] == NONE) {
                    waitTail[lane] = NONE;
                }
                state[v] = RUNNING;
                entered++;
                pushBack(lane, v);
                updateLeaderAndGap(v, t);
            }
            if (waitHead[lane] != NONE) {
                waitingLanes[w++] = lane;
            } else {
                laneInWaitList[lane] = false;
            }
        }
        waitingLaneCount = w;
    }

    // ------------------------------------------------------------------ lane changing

    private static final double LANE_CHANGE_COOLING = 3;
    private static final double LANE_CHANGE_END_CLEARANCE = 30;
    long laneChanges;
    private int[] changedLanes;

    /**
     * CityFlow's simple lane-change rule, made instantaneous: a vehicle more than 30 m before the
     * end of its lane that follows its leader at a moderate gap (between 1.5 lengths and two lengths
     * plus four steps at full speed) moves to a neighbouring lane from which its route goes on when
     * the gap ahead there is longer by at least a vehicle length, and only if both the new leader
     * and the new follower keep their braking distances. A vehicle changes at most once every 3 s.
     */
    private void changeLanes(double now) {
        if (changedLanes.length < 2 * slotsUsed) {
            changedLanes = new int[2 * capacity];
        }
        int changedCount = 0;
        for (int lane = 0; lane < net.lanes; lane++) {
            int v = head[lane];
            while (v != NONE) {
                int following = next[v];
                int target = tryChangeLane(v, lane, now);
                if (target != NONE) {
                    changedLanes[changedCount++] = lane;
                    changedLanes[changedCount++] = target;
                }
                v = following;
            }
        }
        if (changedCount == 0) {
            return;
        }
        // only the vehicles of the two lanes, and the first vehicle of every drivable (the only
        // ones that look past their own drivable for a leader), can have a new leader
        for (int i = 0; i < changedCount; i++) {
            int d = changedLanes[i];
            int l = NONE;
            for (int v = head[d]; v != NONE; v = next[v]) {
                updateLeaderAndGap(v, l);
                l = v;
            }
        }
        for (int d = 0; d < net.drivables; d++) {
            if (head[d] != NONE) {
                updateLeaderAndGap(head[d], NONE);
            }
        }
    }

    /** Moves {@code v} to a better neighbouring lane if the rule allows; returns that lane or NONE. */
    private int tryChangeLane(int v, int lane, double now) {
        if (now - lastLaneChange[v] < LANE_CHANGE_COOLING) {
            return NONE;
        }
        if (net.length[lane] - dis[v] < LANE_CHANGE_END_CLEARANCE || leader[v] == NONE) {
            return NONE;
        }
        double g = gap[v];
        if (g > 2 * len[v] + 4 * dt * vMaxSpeed[v] || g < 1.5 * len[v]) {
            return NONE;
        }
        int road = net.laneRoad[lane];
        int first = net.roadFirstLane[road];
        int idx = lane - first;
        int target = NONE;
        double outerEst = 0;
        if (idx + 1 < net.roadLaneCount[road] && laneServesRoute(v, lane + 1)) {
            outerEst = estimateGap(v, lane + 1);
            if (outerEst > g + len[v]) {
                target = lane + 1;
            }
        }
        if (idx > 0 && laneServesRoute(v, lane - 1)) {
            double innerEst = estimateGap(v, lane - 1);
            if (innerEst > g + len[v] && innerEst > outerEst) {
                target = lane - 1;
            }
        }
        if (target == NONE) {
            return NONE;
        }
        // neighbours on the target lane: the last vehicle ahead and the first behind
        int ahead = NONE;
        int behind = head[target];
        while (behind != NONE && dis[behind] >= dis[v]) {
            ahead = behind;
            behind = next[behind];
        }
        if (ahead != NONE && dis[ahead] - len[ahead] - dis[v] < minBrakeDistance(v)) {
            return NONE;
        }
        if (behind != NONE && dis[v] - len[v] - dis[behind] < minBrakeDistance(behind)) {
            return NONE;
        }
        if (behind == NONE) {
            // the next followers may still be inside the intersection, about to enter the lane
            for (int x = net.laneInLinkOff[target]; x < net.laneInLinkOff[target + 1]; x++) {
                int link = net.laneInLink[x];
                int u = head[link];
                if (u != NONE && net.length[link] - dis[u] + dis[v] - len[v] < minBrakeDistance(u) + minGap[u]) {
                    return NONE;
                }
            }
        }
        unlink(lane, v);
        insertBefore(target, v, behind);
        drivable[v] = target;
        nextDrivable[v] = chooseNext(v, target, routeIdx[v]);
        lastLaneChange[v] = now;
        laneChanges++;
        return target;
    }

    private boolean laneServesRoute(int v, int lane) {
        int ri = routeIdx[v];
        return ri >= routeLen[v] - 1 || net.laneReaches(lane, routes[routeOff[v] + ri + 1]);
    }

    private double estimateGap(int v, int lane) {
        int leaderThere = NONE;
        for (int c = head[lane]; c != NONE && dis[c] >= dis[v]; c = next[c]) {
            leaderThere = c;
        }
        return leaderThere == NONE ? net.length[lane] - dis[v] : dis[leaderThere] - dis[v] - len[leaderThere];
    }

    /** Inserts {@code v} into drivable {@code d} just before {@code before} (at the back when NONE). */
    private void insertBefore(int d, int v, int before) {
        if (before == NONE) {
            pushBack(d, v);
            return;
        }
        int p = prev[before];
        prev[v] = p;
        next[v] = before;
        prev[before] = v;
        if (p == NONE) {
            head[d] = v;
        } else {
            next[p] = v;
        }
        count[d]++;
    }

    // ------------------------------------------------------------------ crosses

    private void notifyCrosses() {
        Arrays.fill(notifyVehicle, NONE);
        int lanes = net.lanes;
        for (int k = 0; k < net.links; k++) {
            int d = lanes + k;
            int lo = net.linkCrossOff[k];
            int r = net.linkCrossOff[k + 1] - 1; // walk crosses from the far end back
            if (r < lo) {
                continue;
            }
            double linkLen = net.length[d];
            // the vehicle that just left the link onto its end lane, while its tail is still across
            int v = tail[net.linkEndLane[k]];
            if (v != NONE && prevDrivable[v] == d) {
                double tailDis = dis[v] - len[v];
                while (r >= lo) {
                    double crossDis = linkLen - crossDis(r);
                    if (crossDis + tailDis < 0) {
                        notify(r, v, -(dis[v] + crossDis));
                        r--;
                    } else {
                        break;
                    }
                }
            }
            // vehicles on the link, front first
            for (v = head[d]; v != NONE && r >= lo; v = next[v]) {
                double vd = dis[v];
                while (r >= lo) {
                    double cd = crossDis(r);
                    if (vd > cd) {
                        if (vd - cd - len[v] <= 0) {
                            notify(r, v, cd - vd);
                        } else {
                            break;
                        }
                    } else {
                        notify(r, v, cd - vd);
                    }
                    r--;
                }
            }
            // the first vehicle of the incoming lane, if it is heading here on green
            int sl = net.linkStartLane[k];
            v = head[sl];
            if (r >= lo && v != NONE && nextDrivable[v] == d && green[net.linkRoadLink[k]]) {
                double toStart = net.length[sl] - dis[v];
                while (r >= lo) {
                    notify(r, v, toStart + crossDis(r));
                    r--;
                }
            }
        }
    }

    private double crossDis(int x) {
        return net.crossDistance[2 * net.linkCross[x] + net.linkCrossSide[x]];
    }

    private void notify(int x, int v, double distance) {
        int slot = 2 * net.linkCross[x] + net.linkCrossSide[x];
        notifyVehicle[slot] = v;
        notifyDistance[slot] = distance;
    }

    // ------------------------------------------------------------------ speeds (parallel, read-only on shared state)

    private void computeActions(int from, int to) {
        for (int v = from; v < to; v++) {
            if (state[v] == RUNNING) {
                computeAction(v);
            }
        }
    }

    private void computeAction(int v) {
        int d = drivable[v];
        double sp = speed[v];
        double v1 = Math.min(vMaxSpeed[v], sp + maxPosAcc[v] * dt);
        v1 = Math.min(v1, net.maxSpeed[d]);
        v1 = Math.min(v1, carFollowSpeed(v));
        bufBlocker[v] = NONE;
        if (isIntersectionRelated(v)) {
            v1 = Math.min(v1, intersectionSpeed(v));
        }
        v1 = Math.max(v1, sp - maxNegAcc[v] * dt);
        double delta;
        if (v1 < 0) {
            delta = 0.5 * sp * sp / maxNegAcc[v];
            v1 = 0;
        } else {
            delta = (sp + v1) * dt / 2;
        }
        bufSpeed[v] = v1;
        // move along the route
        double nd = dis[v] + delta;
        int cur = d;
        int ri = routeIdx[v];
        int nxt = nextDrivable[v];
        bufDrivable[v] = NONE;
        bufEnd[v] = false;
        while (nd > net.length[cur]) {
            nd -= net.length[cur];
            if (nxt == NONE) {
                bufEnd[v] = true;
                break;
            }
            if (!net.isLink(nxt)) {
                ri++;
            }
            int after = chooseNext(v, nxt, ri);
            cur = nxt;
            nxt = after;
            bufDrivable[v] = cur;
        }
        bufDis[v] = nd;
        bufRouteIdx[v] = ri;
    }

    private double carFollowSpeed(int v) {
        int l = leader[v];
        if (l == NONE) {
            return vMaxSpeed[v];
        }
        double g = gap[v];
        double sp = speed[v];
        double ls = speed[l];
        double s = noCollisionSpeed(ls, maxNegAcc[l], sp, maxNegAcc[v], g, 0);
        double assumeDecel = sp > ls ? sp - ls : 0;
        s = Math.min(s, noCollisionSpeed(ls, usualNegAcc[l], sp, usualNegAcc[v], g, minGap[v]));
        s = Math.min(s, (g + (ls + assumeDecel / 2) * dt - sp * dt / 2) / (headway[v] + dt / 2));
        return s;
    }

    /** Highest speed for the follower that still stops behind a braking leader (CityFlow's formula). */
    private double noCollisionSpeed(double vL, double dL, double vF, double dF, double g, double targetGap) {
        double c = vF * dt / 2 + targetGap - 0.5 * vL * vL / dL - g;
        double a = 0.5 / dF;
        double b = 0.5 * dt;
        if (b * b < 4 * a * c) {
            return -100;
        }
        double s1 = 0.5 / a * (Math.sqrt(b * b - 4 * a * c) - b);
        double s2 = 2 * vL - dL * dt + 2 * (g - targetGap) / dt;
        return Math.min(s1, s2);
    }

    private boolean isIntersectionRelated(int v) {
        int d = drivable[v];
        if (net.isLink(d)) {
            return true;
        }
        int n = nextDrivable[v];
        return n != NONE && net.isLink(n) && net.length[d] - dis[v] <= approachDistance[v];
    }

    private double intersectionSpeed(int v) {
        double s = vMaxSpeed[v];
        int d = drivable[v];
        int n = nextDrivable[v];
        int link = NONE;
        if (n != NONE && net.isLink(n)) {
            link = n;
            int k = n - net.lanes;
            if (!green[net.linkRoadLink[k]] || !canEnter(net.linkEndLane[k], v)) {
                double remaining = net.length[d] - dis[v];
                if (minBrakeDistance(v) <= remaining) {
                    return Math.min(s, stopBeforeSpeed(v, remaining));
                }
                // cannot stop before the stop line any more: go on
            }
            if (net.linkIsTurn[k]) {
                s = Math.min(s, TURN_SPEED);
            }
        }
        if (link == NONE) {
            link = d;
        }
        double toLinkStart = net.isLink(d) ? dis[v] : -(net.length[d] - dis[v]);
        int k = link - net.lanes;
        for (int x = net.linkCrossOff[k]; x < net.linkCrossOff[k + 1]; x++) {
            double onLink = crossDis(x);
            if (onLink < toLinkStart) {
                continue;
            }
            if (!canPass(v, x, k, toLinkStart)) {
                s = Math.min(s, stopBeforeSpeed(v, onLink - toLinkStart - YIELD_DISTANCE));
                bufBlocker[v] = notifyVehicle[2 * net.linkCross[x] + (1 - net.linkCrossSide[x])];
                break;
            }
        }
        return s;
    }

    private boolean canEnter(int lane, int v) {
        int t = tail[lane];
        return t == NONE || dis[t] > len[t] + len[v] || speed[t] >= 2;
    }

    private double minBrakeDistance(int v) {
        return 0.5 * speed[v] * speed[v] / maxNegAcc[v];
    }

    private double stopBeforeSpeed(int v, double distance) {
        double sp = speed[v];
        double nextSp = sp + usualPosAcc[v] * dt;
        double brake = (sp + nextSp) * dt / 2 + nextSp * nextSp / usualNegAcc[v] / 2;
        if (brake < distance) {
            return nextSp;
        }
        double takeInterval = 2 * distance / (sp + 1e-8) / dt;
        if (takeInterval >= 1) {
            return sp - sp / (int) takeInterval;
        }
        return sp - sp / takeInterval;
    }

    /** Whether vehicle {@code v} may go on through cross {@code x} of link {@code k} (CityFlow's rule). */
    private boolean canPass(int v, int x, int k, double toLinkStart) {
        int c = net.linkCross[x];
        int side = net.linkCrossSide[x];
        int foe = notifyVehicle[2 * c + 1 - side];
        if (foe == NONE || foe == v) {
            return true;
        }
        double d1 = net.crossDistance[2 * c + side] - toLinkStart;
        double d2 = notifyDistance[2 * c + 1 - side];
        if (!canYield(v, d1)) {
            return true;
        }
        int foeLink = net.crossLink[2 * c + 1 - side] - net.lanes;
        int p1 = net.linkPriority[k];
        int p2 = net.linkPriority[foeLink];
        int yield = 0;
        if (!canYield(foe, d2)) {
            yield = 1;
        }
        if (yield == 0) {
            if (p1 > p2) {
                yield = -1;
            } else if (p1 < p2) {
                if (d2 > 0) {
                    if (reachSteps(foe, d2, foeLink) > reachSteps(v, d1, k)) {
                        yield = -1;
                    }
                } else if (d2 + len[foe] < 0) {
                    yield = -1;
                }
                if (yield == 0) {
                    yield = 1;
                }
            } else if (d2 > 0) {
                int foeSteps = reachSteps(foe, d2, foeLink);
                int mySteps = reachSteps(v, d1, k);
                if (foeSteps > mySteps) {
                    yield = -1;
                } else if (foeSteps < mySteps) {
                    yield = 1;
                } else if (enterLinkStep[v] == enterLinkStep[foe]) {
                    if (d1 == d2) {
                        yield = priority[v] > priority[foe] ? -1 : 1;
                    } else {
                        yield = d1 < d2 ? -1 : 1;
                    }
                } else {
                    yield = enterLinkStep[v] < enterLinkStep[foe] ? -1 : 1;
                }
            } else {
                yield = d2 + len[foe] < 0 ? -1 : 1;
            }
        }
        if (yield == 1) {
            // a cycle of vehicles each waiting for the next is a deadlock: go
            int fast = foe;
            int slow = foe;
            while (fast != NONE && blocker[fast] != NONE) {
                slow = blocker[slow];
                fast = blocker[blocker[fast]];
                if (slow == fast) {
                    return true;
                }
            }
        }
        return yield == -1;
    }

    private boolean canYield(int v, double distance) {
        return (distance > 0 && minBrakeDistance(v) < distance - YIELD_DISTANCE)
                || (distance < 0 && distance + len[v] < 0);
    }

    private int reachSteps(int v, double distance, int k) {
        double target = net.linkIsTurn[k] ? TURN_SPEED : vMaxSpeed[v];
        double acc = usualPosAcc[v];
        if (distance <= 0) {
            return 0;
        }
        double sp = speed[v];
        if (sp > target) {
            return (int) Math.ceil(distance / sp);
        }
        double until = distanceUntilSpeed(sp, target, acc);
        if (until > distance) {
            return (int) Math.ceil((Math.sqrt(sp * sp + 2 * acc * distance) - sp) / acc / dt);
        }
        return (int) (Math.ceil((target - sp) / acc / dt) + Math.ceil((distance - until) / target / dt));
    }

    private double distanceUntilSpeed(double sp, double target, double acc) {
        if (target <= sp) {
            return 0;
        }
        int stage1Steps = (int) Math.floor((target - sp) / acc / dt);
        double stage1Speed = sp + stage1Steps * acc / dt;
        double stage1Dis = (sp + stage1Speed) * (stage1Steps * dt) / 2;
        return stage1Dis + (stage1Speed < target ? (stage1Speed + target) * dt / 2 : 0);
    }

    /**
     * Time to drive a route alone at the lower of the vehicle's and the lanes' speed limits, lane
     * links at the turn speed: the reference for delay and the travel-time index.
     */
    private double freeFlowTime(int off, int n, double vmax) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            int r = routes[off + i];
            int lane = net.roadFirstLane[r];
            t += net.length[lane] / Math.min(vmax, net.maxSpeed[lane]);
            if (i + 1 < n) {
                int nextRoad = routes[off + i + 1];
                double sum = 0;
                int links = 0;
                boolean turn = false;
                for (int l = lane; l < lane + net.roadLaneCount[r]; l++) {
                    for (int x = net.laneLinkOff[l]; x < net.laneLinkOff[l + 1]; x++) {
                        int k = net.laneLinkList[x] - net.lanes;
                        if (net.laneRoad[net.linkEndLane[k]] == nextRoad) {
                            sum += net.length[net.lanes + k];
                            links++;
                            turn = net.linkIsTurn[k];
                        }
                    }
                }
                if (links > 0) {
                    t += sum / links / (turn ? Math.min(vmax, TURN_SPEED) : vmax);
                }
            }
        }
        return t;
    }

    // ------------------------------------------------------------------ routing

    /**
     * The drivable after {@code d} for vehicle {@code v} whose current road is route position
     * {@code ri}: a link's end lane, or the lane link toward the next road whose end lane can go
     * on along the route, closest in lane index to the current lane; NONE at the end of the route.
     */
    int chooseNext(int v, int d, int ri) {
        if (net.isLink(d)) {
            return net.linkEndLane[d - net.lanes];
        }
        if (ri >= routeLen[v] - 1) {
            return NONE;
        }
        int nextRoad = routes[routeOff[v] + ri + 1];
        int afterRoad = ri + 2 < routeLen[v] ? routes[routeOff[v] + ri + 2] : NONE;
        int best = NONE;
        int bestDiff = Integer.MAX_VALUE;
        int myIndex = net.laneIndex[d];
        for (int x = net.laneLinkOff[d]; x < net.laneLinkOff[d + 1]; x++) {
            int link = net.laneLinkList[x];
            int endLane = net.linkEndLane[link - net.lanes];
            if (net.laneRoad[endLane] != nextRoad) {
                continue;
            }
            if (afterRoad != NONE && !net.laneReaches(endLane, afterRoad)) {
                continue;
            }
            int diff = Math.abs(net.laneIndex[endLane] - myIndex);
            if (diff < bestDiff) {
                bestDiff = diff;
                best = link;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------ moving

    private void updateLocations(double now) {
        movedCount = 0;
        int n = slotsUsed;
        for (int v = 0; v < n; v++) {
            if (state[v] != RUNNING) {
                continue;
            }
            vehicleUpdates++;
            if (bufEnd[v]) {
                unlink(drivable[v], v);
                double travel = now - enterTime[v];
                finishedTravelTime += travel;
                finishedDelay += Math.max(0, travel - freeFlow[v]);
                finished++;
                laneStats.leave(drivable[v], now - roadEnterTime[v], net);
                release(v);
            } else if (bufDrivable[v] != NONE) {
                unlink(drivable[v], v);
                if (movedCount == moved.length) {
                    moved = Arrays.copyOf(moved, moved.length * 2);
                    movedKey = Arrays.copyOf(movedKey, movedKey.length * 2);
                }
                moved[movedCount] = v;
                movedKey[movedCount] = bufDis[v];
                movedCount++;
            }
        }
        sortMoved();
        for (int i = 0; i < movedCount; i++) {
            int v = moved[i];
            int d = bufDrivable[v];
            pushBack(d, v);
            enterLinkStep[v] = net.isLink(d) ? step : Long.MAX_VALUE;
        }
    }

    /** Larger distance first, so vehicles joining one drivable in one step keep their order. */
    private void sortMoved() {
        for (int i = 1; i < movedCount; i++) {
            int v = moved[i];
            double key = movedKey[i];
            int j = i - 1;
            while (j >= 0 && (movedKey[j] < key || (movedKey[j] == key && priority[moved[j]] < priority[v]))) {
                moved[j + 1] = moved[j];
                movedKey[j + 1] = movedKey[j];
                j--;
            }
            moved[j + 1] = v;
            movedKey[j + 1] = key;
        }
    }

    private void applyUpdates() {
        int n = slotsUsed;
        double now = step * dt;
        for (int v = 0; v < n; v++) {
            if (state[v] != RUNNING) {
                continue;
            }
            dis[v] = bufDis[v];
            speed[v] = bufSpeed[v];
            int nd = bufDrivable[v];
            if (nd != NONE) {
                int old = drivable[v];
                if (!net.isLink(old)) {
                    laneStats.leave(old, now - roadEnterTime[v], net);
                }
                if (!net.isLink(nd)) {
                    roadEnterTime[v] = now;
                }
                prevDrivable[v] = old;
                drivable[v] = nd;
                routeIdx[v] = bufRouteIdx[v];
                nextDrivable[v] = chooseNext(v, nd, routeIdx[v]);
                bufDrivable[v] = NONE;
            }
            int b = bufBlocker[v];
            blocker[v] = b != NONE && state[b] == RUNNING ? b : NONE;
        }
    }

    private void updateLeadersAndStats() {
        LaneStats st = laneStats;
        for (int d = 0; d < net.lanes; d++) {
            int l = NONE;
            double speeds = 0;
            double occupied = 0;
            int queued = 0;
            for (int v = head[d]; v != NONE; v = next[v]) {
                updateLeaderAndGap(v, l);
                l = v;
                speeds += speed[v];
                occupied += len[v];
                if (speed[v] < QUEUE_SPEED) {
                    queued++;
                }
            }
            st.vehicleSteps[d] += count[d];
            st.speedSum[d] += speeds;
            st.occupancySum[d] += Math.min(1.0, occupied / net.length[d]);
            st.queue[d] = queued;
        }
        st.samples++;
        for (int d = net.lanes; d < net.drivables; d++) {
            int l = NONE;
            for (int v = head[d]; v != NONE; v = next[v]) {
                updateLeaderAndGap(v, l);
                l = v;
            }
        }
    }

    private void updateLeaderAndGap(int v, int l) {
        findLeader(v, l);
        if (net.isLink(drivable[v])) {
            followMergingVehicles(v);
        }
    }

    /**
     * Inside an intersection, a vehicle on another lane link into the same lane that is nearer to
     * the merge point and can no longer stop before it is ahead of {@code v} too: follow it if it
     * is closer than the leader found so far. (CityFlow lets both go when their crosses say so and
     * they may then overlap where the links join; with this rule they zip in.) Vehicles that can
     * still stop are left to the crosses, so two vehicles never wait for each other here. Ties in
     * distance go to the lower slot.
     */
    private void followMergingVehicles(int v) {
        int d = drivable[v];
        int k = d - net.lanes;
        int endLane = net.linkEndLane[k];
        double myRemaining = net.length[d] - dis[v];
        for (int x = net.laneInLinkOff[endLane]; x < net.laneInLinkOff[endLane + 1]; x++) {
            int other = net.laneInLink[x];
            if (other == d) {
                continue;
            }
            for (int u = head[other]; u != NONE; u = next[u]) {
                double remaining = net.length[other] - dis[u];
                if (remaining < myRemaining || (remaining == myRemaining && u < v)) {
                    if (minBrakeDistance(u) < remaining - len[u]) {
                        break; // u can still stop before the merge: the crosses decide who goes
                    }
                    double g = myRemaining - remaining - len[u];
                    if (leader[v] == NONE || g < gap[v]) {
                        leader[v] = u;
                        gap[v] = g;
                    }
                    break; // vehicles further back on that link are behind u
                }
            }
        }
    }

    private void findLeader(int v, int l) {
        if (l != NONE && drivable[l] == drivable[v]) {
            leader[v] = l;
            gap[v] = dis[l] - len[l] - dis[v];
            return;
        }
        leader[v] = NONE;
        int d = drivable[v];
        double ahead = net.length[d] - dis[v];
        double horizon = vMaxSpeed[v] * vMaxSpeed[v] / usualNegAcc[v] / 2 + vMaxSpeed[v] * dt * 2;
        int ri = routeIdx[v];
        int nd = nextDrivable[v];
        while (nd != NONE) {
            if (net.isLink(nd)) {
                // lane links from one lane overlap at first: any vehicle on them is ahead
                int sl = net.linkStartLane[nd - net.lanes];
                for (int x = net.laneLinkOff[sl]; x < net.laneLinkOff[sl + 1]; x++) {
                    int c = tail[net.laneLinkList[x]];
                    if (c != NONE) {
                        double g = ahead + dis[c] - len[c];
                        if (leader[v] == NONE || g < gap[v]) {
                            leader[v] = c;
                            gap[v] = g;
                        }
                    }
                }
                if (leader[v] != NONE) {
                    return;
                }
            } else {
                int c = tail[nd];
                if (c != NONE) {
                    leader[v] = c;
                    gap[v] = ahead + dis[c] - len[c];
                    return;
                }
                ri++;
            }
            ahead += net.length[nd];
            if (ahead > horizon) {
                return;
            }
            nd = chooseNext(v, nd, ri);
        }
    }

    // ------------------------------------------------------------------ signals

    private void advanceSignals() {
        for (int i = 0; i < net.intersections; i++) {
            if (controllers[i] == null) {
                continue;
            }
            phaseRemaining[i] -= dt;
            phaseElapsed[i] += dt;
            while (phaseRemaining[i] <= 0) {
                askController(i);
            }
        }
    }

    private void askController(int i) {
        observation.at = i;
        PhaseCommand cmd = controllers[i].decide(observation);
        boolean[][] pg = phaseGreen[i];
        if (cmd.phase() >= pg.length) {
            throw new IllegalStateException("controller chose phase " + cmd.phase() + " at intersection "
                    + net.source.intersections().get(i).id() + ", which has " + pg.length + " phases");
        }
        if (cmd.phase() != phase[i]) {
            phaseElapsed[i] = 0;
        }
        phase[i] = cmd.phase();
        phaseRemaining[i] += cmd.seconds();
        System.arraycopy(pg[cmd.phase()], 0, green, net.interRoadLinkOff[i], pg[cmd.phase()].length);
    }

    /** Whether road link {@code g} (global index) may go now. */
    boolean isGreen(int g) {
        return green[g];
    }

    int phaseOf(int intersection) {
        return phase[intersection];
    }

    private final class Observation implements IntersectionObservation {
        int at;

        @Override
        public int incomingLanes() {
            return net.interInLaneOff[at + 1] - net.interInLaneOff[at];
        }

        private int lane(int i) {
            return net.interInLane[net.interInLaneOff[at] + i];
        }

        @Override
        public String incomingRoad(int i) {
            return net.source.roads().get(net.laneRoad[lane(i)]).id();
        }

        @Override
        public int incomingLaneIndex(int i) {
            return net.laneIndex[lane(i)];
        }

        @Override
        public int vehicles(int i) {
            return count[lane(i)];
        }

        @Override
        public int queue(int i) {
            int q = 0;
            for (int v = head[lane(i)]; v != NONE; v = next[v]) {
                if (speed[v] < QUEUE_SPEED) {
                    q++;
                }
            }
            return q;
        }

        @Override
        public double meanSpeed(int i) {
            int l = lane(i);
            if (count[l] == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (int v = head[l]; v != NONE; v = next[v]) {
                sum += speed[v];
            }
            return sum / count[l];
        }

        @Override
        public double time() {
            return step * dt;
        }

        @Override
        public int currentPhase() {
            return phase[at];
        }

        @Override
        public double secondsInPhase() {
            return phaseElapsed[at];
        }
    }

    // ------------------------------------------------------------------ lists and slots

    private void pushBack(int d, int v) {
        int t = tail[d];
        prev[v] = t;
        next[v] = NONE;
        if (t == NONE) {
            head[d] = v;
        } else {
            next[t] = v;
        }
        tail[d] = v;
        count[d]++;
    }

    private void unlink(int d, int v) {
        int p = prev[v];
        int n = next[v];
        if (p == NONE) {
            head[d] = n;
        } else {
            next[p] = n;
        }
        if (n == NONE) {
            tail[d] = p;
        } else {
            prev[n] = p;
        }
        prev[v] = NONE;
        next[v] = NONE;
        count[d]--;
    }

    private int allocate() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == capacity) {
            grow(capacity * 2);
        }
        return slotsUsed++;
    }

    private void release(int v) {
        state[v] = FREE;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = v;
    }

    private void grow(int n) {
        capacity = n;
        state = state == null ? new byte[n] : Arrays.copyOf(state, n);
        speed = copy(speed, n);
        dis = copy(dis, n);
        len = copy(len, n);
        maxPosAcc = copy(maxPosAcc, n);
        maxNegAcc = copy(maxNegAcc, n);
        usualPosAcc = copy(usualPosAcc, n);
        usualNegAcc = copy(usualNegAcc, n);
        minGap = copy(minGap, n);
        vMaxSpeed = copy(vMaxSpeed, n);
        headway = copy(headway, n);
        approachDistance = copy(approachDistance, n);
        enterTime = copy(enterTime, n);
        roadEnterTime = copy(roadEnterTime, n);
        freeFlow = copy(freeFlow, n);
        lastLaneChange = copy(lastLaneChange, n);
        gap = copy(gap, n);
        bufSpeed = copy(bufSpeed, n);
        bufDis = copy(bufDis, n);
        drivable = copy(drivable, n);
        prevDrivable = copy(prevDrivable, n);
        nextDrivable = copy(nextDrivable, n);
        routeOff = copy(routeOff, n);
        routeLen = copy(routeLen, n);
        routeIdx = copy(routeIdx, n);
        leader = copy(leader, n);
        blocker = copy(blocker, n);
        priority = copy(priority, n);
        enterLinkStep = enterLinkStep == null ? new long[n] : Arrays.copyOf(enterLinkStep, n);
        next = copy(next, n);
        prev = copy(prev, n);
        waitNext = copy(waitNext, n);
        bufDrivable = copy(bufDrivable, n);
        bufBlocker = copy(bufBlocker, n);
        bufRouteIdx = copy(bufRouteIdx, n);
        bufEnd = bufEnd == null ? new boolean[n] : Arrays.copyOf(bufEnd, n);
    }

    private static double[] copy(double[] a, int n) {
        return a == null ? new double[n] : Arrays.copyOf(a, n);
    }

    private static int[] copy(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    // ------------------------------------------------------------------ metrics

    double time() {
        return step * dt;
    }

    RunMetrics metrics() {
        double now = step * dt;
        double total = finishedTravelTime;
        long n = finished;
        for (int v = 0; v < slotsUsed; v++) {
            if (state[v] != FREE) {
                total += now - enterTime[v];
                n++;
            }
        }
        long running = entered - finished;
        double att = n == 0 ? 0 : total / n;
        double throughput = now > 0 ? finished * 3600.0 / now : 0;
        double meanDelay = finished == 0 ? 0 : finishedDelay / finished;
        return new RunMetrics(now, generated, entered, finished, running, generated - entered, att, meanDelay,
                throughput, vehicleUpdates);
    }

    LaneStats laneStats() {
        return laneStats;
    }

    void close() {
        runner.close();
    }

    boolean isRunning(int v) {
        return state[v] == RUNNING;
    }

    int vehicleSlots() {
        return slotsUsed;
    }

    double stepSeconds() {
        return dt;
    }

    SimulationConfig config() {
        return config;
    }
}
