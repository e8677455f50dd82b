package org.citybrain.sim;

import java.util.Arrays;

/**
 * Conflicts inside intersections, CityFlow's way: at every cross (where two lane links meet) the
 * nearest vehicle on each side announces its distance each step, and {@link #canPass} decides who
 * goes: whoever cannot stop, then the higher-priority movement unless the other arrives sooner, then
 * who arrives first, entered first, is nearer, or wins the random priority; a deadlock cycle lets the
 * waiting vehicle go.
 */
final class Crossings {
    private static final int NONE = Vehicles.NONE;
    private final CompiledNetwork net;
    private final Vehicles veh;
    private final Signals signals;
    private final double dt;
    /** Per cross side (2 per cross): the announced vehicle and its distance to the cross (negative: past it). */
    final int[] notifyVehicle;
    private final double[] notifyDistance;

    Crossings(CompiledNetwork net, Vehicles veh, Signals signals, double dt) {
        this.net = net;
        this.veh = veh;
        this.signals = signals;
        this.dt = dt;
        notifyVehicle = new int[net.crosses * 2];
        notifyDistance = new double[net.crosses * 2];
        Arrays.fill(notifyVehicle, NONE);
    }

    void notifyCrosses() {
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
            int v = veh.tail[net.linkEndLane[k]];
            if (v != NONE && veh.prevDrivable[v] == d) {
                double tailDis = veh.dis[v] - veh.len[v];
                while (r >= lo) {
                    double crossDis = linkLen - crossDis(r);
                    if (crossDis + tailDis < 0) {
                        notify(r, v, -(veh.dis[v] + crossDis));
                        r--;
                    } else {
                        break;
                    }
                }
            }
            // vehicles on the link, front first
            for (v = veh.head[d]; v != NONE && r >= lo; v = veh.next[v]) {
                double vd = veh.dis[v];
                while (r >= lo) {
                    double cd = crossDis(r);
                    if (vd > cd) {
                        if (vd - cd - veh.len[v] <= 0) {
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
            v = veh.head[sl];
            if (r >= lo && v != NONE && veh.nextDrivable[v] == d && signals.green[net.linkRoadLink[k]]) {
                double toStart = net.length[sl] - veh.dis[v];
                while (r >= lo) {
                    notify(r, v, toStart + crossDis(r));
                    r--;
                }
            }
        }
    }

    double crossDis(int x) {
        return net.crossDistance[2 * net.linkCross[x] + net.linkCrossSide[x]];
    }

    void notify(int x, int v, double distance) {
        int slot = 2 * net.linkCross[x] + net.linkCrossSide[x];
        notifyVehicle[slot] = v;
        notifyDistance[slot] = distance;
    }

    /** Whether vehicle {@code v} may go on through cross {@code x} of link {@code k} (CityFlow's rule). */
    boolean canPass(int v, int x, int k, double toLinkStart) {
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
                } else if (d2 + veh.len[foe] < 0) {
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
                } else if (veh.enterLinkStep[v] == veh.enterLinkStep[foe]) {
                    if (d1 == d2) {
                        yield = veh.priority[v] > veh.priority[foe] ? -1 : 1;
                    } else {
                        yield = d1 < d2 ? -1 : 1;
                    }
                } else {
                    yield = veh.enterLinkStep[v] < veh.enterLinkStep[foe] ? -1 : 1;
                }
            } else {
                yield = d2 + veh.len[foe] < 0 ? -1 : 1;
            }
        }
        if (yield == 1) {
            // a cycle of vehicles each waiting for the next is a deadlock: go
            int fast = foe;
            int slow = foe;
            while (fast != NONE && veh.blocker[fast] != NONE) {
                slow = veh.blocker[slow];
                fast = veh.blocker[veh.blocker[fast]];
                if (slow == fast) {
                    return true;
                }
            }
        }
        return yield == -1;
    }

    boolean canYield(int v, double distance) {
        return (distance > 0 && veh.minBrakeDistance(v) < distance - Driving.YIELD_DISTANCE)
                || (distance < 0 && distance + veh.len[v] < 0);
    }

    int reachSteps(int v, double distance, int k) {
        double target = net.linkIsTurn[k] ? Driving.TURN_SPEED : veh.vMaxSpeed[v];
        double acc = veh.usualPosAcc[v];
        if (distance <= 0) {
            return 0;
        }
        double sp = veh.speed[v];
        if (sp > target) {
            return (int) Math.ceil(distance / sp);
        }
        double until = distanceUntilSpeed(sp, target, acc);
        if (until > distance) {
            return (int) Math.ceil((Math.sqrt(sp * sp + 2 * acc * distance) - sp) / acc / dt);
        }
        return (int) (Math.ceil((target - sp) / acc / dt) + Math.ceil((distance - until) / target / dt));
    }

    double distanceUntilSpeed(double sp, double target, double acc) {
        if (target <= sp) {
            return 0;
        }
        int stage1Steps = (int) Math.floor((target - sp) / acc / dt);
        double stage1Speed = sp + stage1Steps * acc / dt;
        double stage1Dis = (sp + stage1Speed) * (stage1Steps * dt) / 2;
        return stage1Dis + (stage1Speed < target ? (stage1Speed + target) * dt / 2 : 0);
    }
}
