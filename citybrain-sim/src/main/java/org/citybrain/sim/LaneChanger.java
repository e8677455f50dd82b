package org.citybrain.sim;

/**
 * CityFlow's simple lane-change rule, applied at once (see {@link #changeLanes}).
 */
final class LaneChanger {
    private static final int NONE = Vehicles.NONE;
    private static final double LANE_CHANGE_COOLING = 3;
    private static final double LANE_CHANGE_END_CLEARANCE = 30;
    private final CompiledNetwork net;
    private final Vehicles veh;
    private final Routing routing;
    private final Leaders leaders;
    private final double dt;
    long laneChanges;
    private int[] changedLanes = new int[0];

    LaneChanger(CompiledNetwork net, Vehicles veh, Routing routing, Leaders leaders, double dt) {
        this.net = net;
        this.veh = veh;
        this.routing = routing;
        this.leaders = leaders;
        this.dt = dt;
    }

    /**
     * CityFlow's simple lane-change rule, made instantaneous: a vehicle more than 30 m before the
     * end of its lane that follows its leader at a moderate gap (between 1.5 lengths and two lengths
     * plus four steps at full speed) moves to a neighbouring lane from which its route goes on when
     * the gap ahead there is longer by at least a vehicle length, and only if both the new leader
     * and the new follower keep their braking distances. A vehicle changes at most once every 3 s.
     */
    void changeLanes(double now) {
        if (changedLanes.length < 2 * veh.slotsUsed) {
            changedLanes = new int[2 * veh.capacity];
        }
        int changedCount = 0;
        for (int lane = 0; lane < net.lanes; lane++) {
            int v = veh.head[lane];
            while (v != NONE) {
                int following = veh.next[v];
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
            for (int v = veh.head[d]; v != NONE; v = veh.next[v]) {
                leaders.updateLeaderAndGap(v, l);
                l = v;
            }
        }
        for (int d = 0; d < net.drivables; d++) {
            if (veh.head[d] != NONE) {
                leaders.updateLeaderAndGap(veh.head[d], NONE);
            }
        }
    }

    /** Moves {@code v} to a better neighbouring lane if the rule allows; returns that lane or NONE. */
    int tryChangeLane(int v, int lane, double now) {
        if (now - veh.lastLaneChange[v] < LANE_CHANGE_COOLING) {
            return NONE;
        }
        if (net.length[lane] - veh.dis[v] < LANE_CHANGE_END_CLEARANCE || veh.leader[v] == NONE) {
            return NONE;
        }
        double g = veh.gap[v];
        if (g > 2 * veh.len[v] + 4 * dt * veh.vMaxSpeed[v] || g < 1.5 * veh.len[v]) {
            return NONE;
        }
        int road = net.laneRoad[lane];
        int first = net.roadFirstLane[road];
        int idx = lane - first;
        int target = NONE;
        double outerEst = 0;
        if (idx + 1 < net.roadLaneCount[road] && routing.laneServesRoute(v, lane + 1)) {
            outerEst = estimateGap(v, lane + 1);
            if (outerEst > g + veh.len[v]) {
                target = lane + 1;
            }
        }
        if (idx > 0 && routing.laneServesRoute(v, lane - 1)) {
            double innerEst = estimateGap(v, lane - 1);
            if (innerEst > g + veh.len[v] && innerEst > outerEst) {
                target = lane - 1;
            }
        }
        if (target == NONE) {
            return NONE;
        }
        // neighbours on the target lane: the last vehicle ahead and the first behind
        int ahead = NONE;
        int behind = veh.head[target];
        while (behind != NONE && veh.dis[behind] >= veh.dis[v]) {
            ahead = behind;
            behind = veh.next[behind];
        }
        if (ahead != NONE && veh.dis[ahead] - veh.len[ahead] - veh.dis[v] < veh.minBrakeDistance(v)) {
            return NONE;
        }
        if (behind != NONE && veh.dis[v] - veh.len[v] - veh.dis[behind] < veh.minBrakeDistance(behind)) {
            return NONE;
        }
        if (behind == NONE) {
            // the next followers may still be inside the intersection, about to enter the lane
            for (int x = net.laneInLinkOff[target]; x < net.laneInLinkOff[target + 1]; x++) {
                int link = net.laneInLink[x];
                int u = veh.head[link];
                if (u != NONE && net.length[link] - veh.dis[u] + veh.dis[v] - veh.len[v] < veh.minBrakeDistance(u) + veh.minGap[u]) {
                    return NONE;
                }
            }
        }
        veh.unlink(lane, v);
        veh.insertBefore(target, v, behind);
        veh.drivable[v] = target;
        veh.nextDrivable[v] = routing.chooseNext(v, target, veh.routeIdx[v]);
        veh.lastLaneChange[v] = now;
        laneChanges++;
        return target;
    }

    double estimateGap(int v, int lane) {
        int leaderThere = NONE;
        for (int c = veh.head[lane]; c != NONE && veh.dis[c] >= veh.dis[v]; c = veh.next[c]) {
            leaderThere = c;
        }
        return leaderThere == NONE ? net.length[lane] - veh.dis[v] : veh.dis[leaderThere] - veh.dis[v] - veh.len[leaderThere];
    }
}
