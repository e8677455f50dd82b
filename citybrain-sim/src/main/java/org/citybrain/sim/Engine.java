package org.citybrain.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.citybrain.sim.signal.SignalController;
import org.citybrain.twin.Flow;
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
 * <p>This class runs the step and owns demand, entry, movement and the metrics; the state lives in
 * {@link Vehicles}, and the rules in {@link Routing}, {@link Leaders}, {@link LaneChanger},
 * {@link Crossings}, {@link Driving} and {@link Signals}. Units: metres, seconds, m/s.
 */
final class Engine {
    static final int NONE = Vehicles.NONE;

    final CompiledNetwork net;
    final Vehicles veh;
    final Signals signals;
    private final Routing routing;
    private final Leaders leaders;
    private final Crossings crossings;
    private final Driving driving;
    private final LaneChanger laneChanger;
    private final SimulationConfig config;
    private final double dt;
    private final SplittableRandom rnd;
    private final Map<String, Integer> roadIds;
    /** Per lane (drivable index of a lane), a speed cap set from outside, m/s; +inf when none. */
    private final double[] speedCap;
    // vehicles added one by one: id -> slot while on the road, id -> finish time after
    private final Map<Long, Integer> trackedSlots = new HashMap<>();
    private final Map<Long, double[]> trackedDone = new HashMap<>();
    private long nextTrackId;

    // flows
    private final Flow[] flows;
    private final int[] flowRouteOff;
    private final int[] flowRouteLen;
    private final double[] flowNowTime;
    private final double[] flowFreeFlowTime;
    private final int[] flowOrder; // flows sorted by start time
    private int nextFlow; // position in flowOrder of the next flow to activate
    private int[] active = new int[64];
    private int activeCount;

    // per lane: vehicles generated but not yet on the network (a FIFO through Vehicles.waitNext)
    private final int[] waitHead;
    private final int[] waitTail;
    private int[] waitingLanes = new int[64];
    private int waitingLaneCount;
    private final boolean[] laneInWaitList;

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
        this.speedCap = new double[net.lanes];
        java.util.Arrays.fill(speedCap, Double.POSITIVE_INFINITY);

        List<Flow> fl = scenario.flows();
        flows = fl.toArray(new Flow[0]);
        flowRouteOff = new int[flows.length];
        flowRouteLen = new int[flows.length];
        flowNowTime = new double[flows.length];
        Map<String, Integer> roadIds = net.roadIds();
        veh = new Vehicles(net.drivables);
        routing = new Routing(net, veh, rnd);
        for (int i = 0; i < flows.length; i++) {
            flowRouteOff[i] = routing.addRoute(roadIndices(flows[i].route(), roadIds));
            flowRouteLen[i] = flows[i].route().size();
            flowNowTime[i] = flows[i].interval();
        }
        this.roadIds = roadIds;
        leaders = new Leaders(net, veh, routing, dt);
        laneChanger = new LaneChanger(net, veh, routing, leaders, dt);
        laneStats = new LaneStats(net.lanes);
        signals = new Signals(scenario.network(), net, veh, laneStats, controller);
        crossings = new Crossings(net, veh, signals, dt);
        driving = new Driving(net, veh, signals, crossings, dt);
        flowFreeFlowTime = new double[flows.length];
        for (int i = 0; i < flows.length; i++) {
            flowFreeFlowTime[i] = routing.freeFlowTime(flowRouteOff[i], flowRouteLen[i], flows[i].vehicle().maxSpeed());
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

        waitHead = new int[net.lanes];
        waitTail = new int[net.lanes];
        Arrays.fill(waitHead, NONE);
        Arrays.fill(waitTail, NONE);
        laneInWaitList = new boolean[net.lanes];
        runner = new ParallelRunner(config.threads());
    }

    // ------------------------------------------------------------------ the step

    void step() {
        double now = step * dt;
        generate(now);
        handleWaiting();
        if (config.laneChange()) {
            laneChanger.changeLanes(now);
        }
        crossings.notifyCrosses();
        int n = veh.slotsUsed;
        runner.run(n, computeActions);
        updateLocations(now);
        applyUpdates();
        updateLeadersAndStats();
        signals.advance(now + dt, dt); // a decision now takes effect at the start of the next step
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
        spawn(flows[f].vehicle(), flowRouteOff[f], flowRouteLen[f], flowFreeFlowTime[f], now);
    }

    /** A new vehicle in the waiting queue of its first lane; returns its slot. */
    private int spawn(VehicleType t, int routeOff, int routeLen, double freeFlowTime, double now) {
        int v = veh.allocate();
        veh.state[v] = Vehicles.WAITING;
        veh.speed[v] = 0;
        veh.dis[v] = 0;
        veh.len[v] = t.length();
        veh.maxPosAcc[v] = t.maxPosAcc();
        veh.maxNegAcc[v] = t.maxNegAcc();
        veh.usualPosAcc[v] = t.usualPosAcc();
        veh.usualNegAcc[v] = t.usualNegAcc();
        veh.minGap[v] = t.minGap();
        veh.vMaxSpeed[v] = t.maxSpeed();
        veh.headway[v] = t.headwayTime();
        veh.approachDistance[v] = t.maxSpeed() * t.maxSpeed() / t.usualNegAcc() / 2 + t.maxSpeed() * dt * 2;
        veh.enterTime[v] = now;
        veh.roadEnterTime[v] = now;
        veh.freeFlow[v] = freeFlowTime;
        veh.trackId[v] = -1;
        veh.lastLaneChange[v] = Double.NEGATIVE_INFINITY;
        veh.routeOff[v] = routeOff;
        veh.routeLen[v] = routeLen;
        veh.routeIdx[v] = 0;
        veh.leader[v] = NONE;
        veh.blocker[v] = NONE;
        veh.gap[v] = 0;
        veh.priority[v] = rnd.nextInt();
        veh.enterLinkStep[v] = Long.MAX_VALUE;
        veh.prevDrivable[v] = NONE;
        veh.next[v] = NONE;
        veh.prev[v] = NONE;
        veh.waitNext[v] = NONE;
        veh.bufDrivable[v] = NONE;
        veh.bufEnd[v] = false;
        veh.bufBlocker[v] = NONE;
        int lane = routing.firstLane(v);
        veh.drivable[v] = lane;
        veh.nextDrivable[v] = routing.chooseNext(v, lane, 0);
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
            veh.waitNext[waitTail[lane]] = v;
        }
        waitTail[lane] = v;
        return v;
    }

    /**
     * Adds one vehicle now, at the back of its first lane's waiting queue, and returns its id.
     *
     * @throws IllegalArgumentException for an unknown road or a route whose roads are not joined
     */
    /**
     * Caps the speed on one lane, m/s, from the next step on; {@code Double.POSITIVE_INFINITY}
     * lifts the cap. Vehicles brake to it at their usual deceleration; 0 stops them (a blocked lane).
     */
    void capLaneSpeed(String road, int lane, double metresPerSecond) {
        Integer r = roadIds.get(road);
        if (r == null) {
            throw new IllegalArgumentException("unknown road '" + road + "'");
        }
        if (lane < 0 || lane >= net.roadLaneCount[r]) {
            throw new IllegalArgumentException("road '" + road + "' has lanes 0.." + (net.roadLaneCount[r] - 1) + ", not " + lane);
        }
        if (!(metresPerSecond >= 0)) {
            throw new IllegalArgumentException("a speed cap must be >= 0 m/s, got " + metresPerSecond);
        }
        speedCap[net.roadFirstLane[r] + lane] = metresPerSecond;
    }

    long addVehicle(VehicleType type, List<String> route) {
        if (route.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one road");
        }
        for (int i = 0; i < route.size(); i++) {
            if (!roadIds.containsKey(route.get(i))) {
                throw new IllegalArgumentException("route[" + i + "]: unknown road '" + route.get(i) + "'");
            }
            if (i > 0 && !net.source.connects(route.get(i - 1), route.get(i))) {
                throw new IllegalArgumentException("route[" + i + "]: no road link from '" + route.get(i - 1) + "' to '"
                        + route.get(i) + "'");
            }
        }
        int off = routing.addRoute(roadIndices(route, roadIds));
        double now = step * dt;
        int v = spawn(type, off, route.size(), routing.freeFlowTime(off, route.size(), type.maxSpeed()), now);
        long id = nextTrackId++;
        veh.trackId[v] = id;
        trackedSlots.put(id, v);
        return id;
    }

    /** Where an added vehicle is now, or empty for an unknown id. */
    Optional<VehicleStatus> vehicle(long id) {
        double[] done = trackedDone.get(id);
        if (done != null) {
            return Optional.of(new VehicleStatus(id, VehicleStatus.State.FINISHED, "", -1, false, -1, 0, 0, done[0], done[1]));
        }
        Integer slot = trackedSlots.get(id);
        if (slot == null) {
            return Optional.empty();
        }
        int v = slot;
        int d = veh.drivable[v];
        boolean crossing = net.isLink(d);
        int lane = crossing ? net.linkStartLane[d - net.lanes] : d;
        String road = net.source.roads().get(net.laneRoad[lane]).id();
        VehicleStatus.State state = veh.state[v] == Vehicles.RUNNING ? VehicleStatus.State.RUNNING : VehicleStatus.State.WAITING;
        double toStopLine = crossing ? 0 : net.length[d] - veh.dis[v];
        return Optional.of(new VehicleStatus(id, state, road, net.laneIndex[lane], crossing, veh.routeIdx[v],
                toStopLine, veh.speed[v], veh.enterTime[v], Double.NaN));
    }

    private static int[] roadIndices(List<String> route, Map<String, Integer> roadIds) {
        int[] r = new int[route.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = roadIds.get(route.get(i));
        }
        return r;
    }


    private void handleWaiting() {
        int w = 0;
        for (int i = 0; i < waitingLaneCount; i++) {
            int lane = waitingLanes[i];
            int v = waitHead[lane];
            int t = veh.tail[lane];
            if (t == NONE || veh.dis[t] > veh.len[t] + veh.minGap[v]) {
                waitHead[lane] = veh.waitNext[v];
                if (waitHead[lane] == NONE) {
                    waitTail[lane] = NONE;
                }
                veh.state[v] = Vehicles.RUNNING;
                entered++;
                veh.pushBack(lane, v);
                leaders.updateLeaderAndGap(v, t);
            }
            if (waitHead[lane] != NONE) {
                waitingLanes[w++] = lane;
            } else {
                laneInWaitList[lane] = false;
            }
        }
        waitingLaneCount = w;
    }

    private static final double LANE_CHANGE_COOLING = 3;
    private static final double LANE_CHANGE_END_CLEARANCE = 30;
    long laneChanges;
    private int[] changedLanes;









    // ------------------------------------------------------------------ speeds (parallel, read-only on shared state)

    private void computeActions(int from, int to) {
        for (int v = from; v < to; v++) {
            if (veh.state[v] == Vehicles.RUNNING) {
                computeAction(v);
            }
        }
    }

    private void computeAction(int v) {
        int d = veh.drivable[v];
        double sp = veh.speed[v];
        double v1 = Math.min(veh.vMaxSpeed[v], sp + veh.maxPosAcc[v] * dt);
        v1 = Math.min(v1, net.maxSpeed[d]);
        if (d < speedCap.length) {
            v1 = Math.min(v1, speedCap[d]);
        }
        v1 = Math.min(v1, driving.carFollowSpeed(v));
        veh.bufBlocker[v] = NONE;
        if (driving.isIntersectionRelated(v)) {
            v1 = Math.min(v1, driving.intersectionSpeed(v));
        }
        v1 = Math.max(v1, sp - veh.maxNegAcc[v] * dt);
        double delta;
        if (v1 < 0) {
            delta = 0.5 * sp * sp / veh.maxNegAcc[v];
            v1 = 0;
        } else {
            delta = (sp + v1) * dt / 2;
        }
        veh.bufSpeed[v] = v1;
        // move along the route
        double nd = veh.dis[v] + delta;
        int cur = d;
        int ri = veh.routeIdx[v];
        int nxt = veh.nextDrivable[v];
        veh.bufDrivable[v] = NONE;
        veh.bufEnd[v] = false;
        while (nd > net.length[cur]) {
            nd -= net.length[cur];
            if (nxt == NONE) {
                veh.bufEnd[v] = true;
                break;
            }
            if (!net.isLink(nxt)) {
                ri++;
            }
            int after = routing.chooseNext(v, nxt, ri);
            cur = nxt;
            nxt = after;
            veh.bufDrivable[v] = cur;
        }
        veh.bufDis[v] = nd;
        veh.bufRouteIdx[v] = ri;
    }














    // ------------------------------------------------------------------ moving

    private void updateLocations(double now) {
        movedCount = 0;
        int n = veh.slotsUsed;
        for (int v = 0; v < n; v++) {
            if (veh.state[v] != Vehicles.RUNNING) {
                continue;
            }
            vehicleUpdates++;
            if (veh.bufEnd[v]) {
                veh.unlink(veh.drivable[v], v);
                double travel = now - veh.enterTime[v];
                finishedTravelTime += travel;
                finishedDelay += Math.max(0, travel - veh.freeFlow[v]);
                finished++;
                laneStats.leave(veh.drivable[v], now - veh.roadEnterTime[v], net);
                if (veh.trackId[v] >= 0) {
                    trackedSlots.remove(veh.trackId[v]);
                    trackedDone.put(veh.trackId[v], new double[] {veh.enterTime[v], now});
                }
                veh.release(v);
            } else if (veh.bufDrivable[v] != NONE) {
                veh.unlink(veh.drivable[v], v);
                if (movedCount == moved.length) {
                    moved = Arrays.copyOf(moved, moved.length * 2);
                    movedKey = Arrays.copyOf(movedKey, movedKey.length * 2);
                }
                moved[movedCount] = v;
                movedKey[movedCount] = veh.bufDis[v];
                movedCount++;
            }
        }
        sortMoved();
        for (int i = 0; i < movedCount; i++) {
            int v = moved[i];
            int d = veh.bufDrivable[v];
            veh.pushBack(d, v);
            veh.enterLinkStep[v] = net.isLink(d) ? step : Long.MAX_VALUE;
        }
    }

    /** Larger distance first, so vehicles joining one drivable in one step keep their order. */
    private void sortMoved() {
        for (int i = 1; i < movedCount; i++) {
            int v = moved[i];
            double key = movedKey[i];
            int j = i - 1;
            while (j >= 0 && (movedKey[j] < key || (movedKey[j] == key && veh.priority[moved[j]] < veh.priority[v]))) {
                moved[j + 1] = moved[j];
                movedKey[j + 1] = movedKey[j];
                j--;
            }
            moved[j + 1] = v;
            movedKey[j + 1] = key;
        }
    }

    private void applyUpdates() {
        int n = veh.slotsUsed;
        double now = step * dt;
        for (int v = 0; v < n; v++) {
            if (veh.state[v] != Vehicles.RUNNING) {
                continue;
            }
            veh.dis[v] = veh.bufDis[v];
            veh.speed[v] = veh.bufSpeed[v];
            int nd = veh.bufDrivable[v];
            if (nd != NONE) {
                int old = veh.drivable[v];
                if (!net.isLink(old)) {
                    laneStats.leave(old, now - veh.roadEnterTime[v], net);
                }
                if (!net.isLink(nd)) {
                    veh.roadEnterTime[v] = now;
                }
                veh.prevDrivable[v] = old;
                veh.drivable[v] = nd;
                veh.routeIdx[v] = veh.bufRouteIdx[v];
                veh.nextDrivable[v] = routing.chooseNext(v, nd, veh.routeIdx[v]);
                veh.bufDrivable[v] = NONE;
            }
            int b = veh.bufBlocker[v];
            veh.blocker[v] = b != NONE && veh.state[b] == Vehicles.RUNNING ? b : NONE;
        }
    }

    private void updateLeadersAndStats() {
        LaneStats st = laneStats;
        for (int d = 0; d < net.lanes; d++) {
            int l = NONE;
            double speeds = 0;
            double occupied = 0;
            int queued = 0;
            for (int v = veh.head[d]; v != NONE; v = veh.next[v]) {
                leaders.updateLeaderAndGap(v, l);
                l = v;
                speeds += veh.speed[v];
                occupied += veh.len[v];
                if (veh.speed[v] < Vehicles.QUEUE_SPEED) {
                    queued++;
                }
            }
            st.vehicleSteps[d] += veh.count[d];
            st.speedSum[d] += speeds;
            st.occupancySum[d] += Math.min(1.0, occupied / net.length[d]);
            st.queue[d] = queued;
        }
        st.samples++;
        for (int d = net.lanes; d < net.drivables; d++) {
            int l = NONE;
            for (int v = veh.head[d]; v != NONE; v = veh.next[v]) {
                leaders.updateLeaderAndGap(v, l);
                l = v;
            }
        }
    }
















    // ------------------------------------------------------------------ metrics

    double time() {
        return step * dt;
    }

    RunMetrics metrics() {
        double now = step * dt;
        double total = finishedTravelTime;
        long n = finished;
        for (int v = 0; v < veh.slotsUsed; v++) {
            if (veh.state[v] != Vehicles.FREE) {
                total += now - veh.enterTime[v];
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

    boolean isGreen(int g) {
        return signals.isGreen(g);
    }

    int phaseOf(int intersection) {
        return signals.phaseOf(intersection);
    }

    long laneChanges() {
        return laneChanger.laneChanges;
    }

    boolean isRunning(int v) {
        return veh.isRunning(v);
    }

    int vehicleSlots() {
        return veh.slots();
    }

    LaneStats laneStats() {
        return laneStats;
    }

    void close() {
        runner.close();
    }



    double stepSeconds() {
        return dt;
    }

    SimulationConfig config() {
        return config;
    }
}
