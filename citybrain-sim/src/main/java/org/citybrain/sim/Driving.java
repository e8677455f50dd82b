package org.citybrain.sim;

/**
 * The speed rules of one vehicle for one step, CityFlow's: safe-distance car following (three
 * bounds: no collision if the leader brakes hard, the minimum gap if it brakes normally, the headway
 * time) and, near an intersection, stopping on red or before a full lane, the turn speed and
 * yielding at crosses. Read-only on shared state, so vehicles can be computed in parallel.
 */
final class Driving {
    private static final int NONE = Vehicles.NONE;
    /** How far before a cross a yielding vehicle stops, metres. */
    static final double YIELD_DISTANCE = 5;
    /** Speed on turning lane links, m/s (30 km/h). */
    static final double TURN_SPEED = 8.3333;
    private final CompiledNetwork net;
    private final Vehicles veh;
    private final Signals signals;
    private final Crossings crossings;
    private final double dt;

    Driving(CompiledNetwork net, Vehicles veh, Signals signals, Crossings crossings, double dt) {
        this.net = net;
        this.veh = veh;
        this.signals = signals;
        this.crossings = crossings;
        this.dt = dt;
    }

    double carFollowSpeed(int v) {
        int l = veh.leader[v];
        if (l == NONE) {
            return veh.vMaxSpeed[v];
        }
        double g = veh.gap[v];
        double sp = veh.speed[v];
        double ls = veh.speed[l];
        double s = noCollisionSpeed(ls, veh.maxNegAcc[l], sp, veh.maxNegAcc[v], g, 0);
        double assumeDecel = sp > ls ? sp - ls : 0;
        s = Math.min(s, noCollisionSpeed(ls, veh.usualNegAcc[l], sp, veh.usualNegAcc[v], g, veh.minGap[v]));
        s = Math.min(s, (g + (ls + assumeDecel / 2) * dt - sp * dt / 2) / (veh.headway[v] + dt / 2));
        return s;
    }

    /** Highest speed for the follower that still stops behind a braking leader (CityFlow's formula). */
    double noCollisionSpeed(double vL, double dL, double vF, double dF, double g, double targetGap) {
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

    boolean isIntersectionRelated(int v) {
        int d = veh.drivable[v];
        if (net.isLink(d)) {
            return true;
        }
        int n = veh.nextDrivable[v];
        return n != NONE && net.isLink(n) && net.length[d] - veh.dis[v] <= veh.approachDistance[v];
    }

    double intersectionSpeed(int v) {
        double s = veh.vMaxSpeed[v];
        int d = veh.drivable[v];
        int n = veh.nextDrivable[v];
        int link = NONE;
        if (n != NONE && net.isLink(n)) {
            link = n;
            int k = n - net.lanes;
            if (!signals.green[net.linkRoadLink[k]] || !canEnter(net.linkEndLane[k], v)) {
                double remaining = net.length[d] - veh.dis[v];
                if (veh.minBrakeDistance(v) <= remaining) {
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
        double toLinkStart = net.isLink(d) ? veh.dis[v] : -(net.length[d] - veh.dis[v]);
        int k = link - net.lanes;
        for (int x = net.linkCrossOff[k]; x < net.linkCrossOff[k + 1]; x++) {
            double onLink = crossings.crossDis(x);
            if (onLink < toLinkStart) {
                continue;
            }
            if (!crossings.canPass(v, x, k, toLinkStart)) {
                s = Math.min(s, stopBeforeSpeed(v, onLink - toLinkStart - YIELD_DISTANCE));
                veh.bufBlocker[v] = crossings.notifyVehicle[2 * net.linkCross[x] + (1 - net.linkCrossSide[x])];
                break;
            }
        }
        return s;
    }

    boolean canEnter(int lane, int v) {
        int t = veh.tail[lane];
        return t == NONE || veh.dis[t] > veh.len[t] + veh.len[v] || veh.speed[t] >= 2;
    }

    double stopBeforeSpeed(int v, double distance) {
        double sp = veh.speed[v];
        double nextSp = sp + veh.usualPosAcc[v] * dt;
        double brake = (sp + nextSp) * dt / 2 + nextSp * nextSp / veh.usualNegAcc[v] / 2;
        if (brake < distance) {
            return nextSp;
        }
        double takeInterval = 2 * distance / (sp + 1e-8) / dt;
        if (takeInterval >= 1) {
            return sp - sp / (int) takeInterval;
        }
        return sp - sp / takeInterval;
    }
}
