package org.citybrain.sim;

/**
 * Finds each vehicle's leader and the gap to its tail: the vehicle ahead on the same drivable, or
 * for the first one, the nearest vehicle ahead along its route within its braking horizon; inside an
 * intersection also a committed vehicle merging into the same lane.
 */
final class Leaders {
    private static final int NONE = Vehicles.NONE;
    private final CompiledNetwork net;
    private final Vehicles veh;
    private final Routing routing;
    private final double dt;

    Leaders(CompiledNetwork net, Vehicles veh, Routing routing, double dt) {
        this.net = net;
        this.veh = veh;
        this.routing = routing;
        this.dt = dt;
    }

    /** Recomputes the leaders of every vehicle on drivable {@code d}, front to back. */
    void updateDrivable(int d) {
        int l = NONE;
        for (int v = veh.head[d]; v != NONE; v = veh.next[v]) {
            updateLeaderAndGap(v, l);
            l = v;
        }
    }

    void updateLeaderAndGap(int v, int l) {
        findLeader(v, l);
        if (net.isLink(veh.drivable[v])) {
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
    void followMergingVehicles(int v) {
        int d = veh.drivable[v];
        int k = d - net.lanes;
        int endLane = net.linkEndLane[k];
        double myRemaining = net.length[d] - veh.dis[v];
        for (int x = net.laneInLinkOff[endLane]; x < net.laneInLinkOff[endLane + 1]; x++) {
            int other = net.laneInLink[x];
            if (other == d) {
                continue;
            }
            for (int u = veh.head[other]; u != NONE; u = veh.next[u]) {
                double remaining = net.length[other] - veh.dis[u];
                if (remaining < myRemaining || (remaining == myRemaining && u < v)) {
                    if (veh.minBrakeDistance(u) < remaining - veh.len[u]) {
                        break; // u can still stop before the merge: the crosses decide who goes
                    }
                    double g = myRemaining - remaining - veh.len[u];
                    if (veh.leader[v] == NONE || g < veh.gap[v]) {
                        veh.leader[v] = u;
                        veh.gap[v] = g;
                    }
                    break; // vehicles further back on that link are behind u
                }
            }
        }
    }

    void findLeader(int v, int l) {
        if (l != NONE && veh.drivable[l] == veh.drivable[v]) {
            veh.leader[v] = l;
            veh.gap[v] = veh.dis[l] - veh.len[l] - veh.dis[v];
            return;
        }
        veh.leader[v] = NONE;
        int d = veh.drivable[v];
        double ahead = net.length[d] - veh.dis[v];
        double horizon = veh.vMaxSpeed[v] * veh.vMaxSpeed[v] / veh.usualNegAcc[v] / 2 + veh.vMaxSpeed[v] * dt * 2;
        int ri = veh.routeIdx[v];
        int nd = veh.nextDrivable[v];
        while (nd != NONE) {
            if (net.isLink(nd)) {
                // lane links from one lane overlap at first: any vehicle on them is ahead
                int sl = net.linkStartLane[nd - net.lanes];
                for (int x = net.laneLinkOff[sl]; x < net.laneLinkOff[sl + 1]; x++) {
                    int c = veh.tail[net.laneLinkList[x]];
                    if (c != NONE) {
                        double g = ahead + veh.dis[c] - veh.len[c];
                        if (veh.leader[v] == NONE || g < veh.gap[v]) {
                            veh.leader[v] = c;
                            veh.gap[v] = g;
                        }
                    }
                }
                if (veh.leader[v] != NONE) {
                    return;
                }
            } else {
                int c = veh.tail[nd];
                if (c != NONE) {
                    veh.leader[v] = c;
                    veh.gap[v] = ahead + veh.dis[c] - veh.len[c];
                    return;
                }
                ri++;
            }
            ahead += net.length[nd];
            if (ahead > horizon) {
                return;
            }
            nd = routing.chooseNext(v, nd, ri);
        }
    }
}
