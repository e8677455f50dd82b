package org.citybrain.sim;

import java.util.SplittableRandom;

/**
 * Where vehicles go: the first lane of a route and, at the end of each lane, the lane link that
 * keeps the route going (CityFlow's router: the link whose end lane can continue, closest in lane
 * index to the current lane). Routes are road indices in one shared array.
 */
final class Routing {
    private static final int NONE = Vehicles.NONE;
    private final CompiledNetwork net;
    private final Vehicles veh;
    private int[] routes;
    private int routesUsed;
    private final SplittableRandom rnd;

    Routing(CompiledNetwork net, Vehicles veh, SplittableRandom rnd) {
        this.net = net;
        this.veh = veh;
        this.routes = new int[1024];
        this.rnd = rnd;
    }

    /** Stores a route (road indices) and returns its offset in the shared route array. */
    int addRoute(int[] roads) {
        if (routesUsed + roads.length > routes.length) {
            routes = java.util.Arrays.copyOf(routes, Math.max(routes.length * 2, routesUsed + roads.length));
        }
        System.arraycopy(roads, 0, routes, routesUsed, roads.length);
        int off = routesUsed;
        routesUsed += roads.length;
        return off;
    }

    /** Road index at position {@code i} of the route stored at {@code off}. */
    int road(int off, int i) {
        return routes[off + i];
    }

    /**
     * The drivable after {@code d} for vehicle {@code v} whose current road is route position
     * {@code ri}: a link's end lane, or the lane link toward the next road whose end lane can go
     * on along the route, closest in lane index to the current lane; NONE at the end of the route.
     */
    int chooseNext(int v, int d, int ri) {
        if (net.isLink(d)) {
            return net.linkEndLane[d - net.lanes];
        }
        if (ri >= veh.routeLen[v] - 1) {
            return NONE;
        }
        int nextRoad = routes[veh.routeOff[v] + ri + 1];
        int afterRoad = ri + 2 < veh.routeLen[v] ? routes[veh.routeOff[v] + ri + 2] : NONE;
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

    boolean laneServesRoute(int v, int lane) {
        int ri = veh.routeIdx[v];
        return ri >= veh.routeLen[v] - 1 || net.laneReaches(lane, routes[veh.routeOff[v] + ri + 1]);
    }

    /** A random lane of the first road among those with a lane link onto the second road. */
    int firstLane(int v) {
        int r0 = routes[veh.routeOff[v]];
        int first = net.roadFirstLane[r0];
        int n = net.roadLaneCount[r0];
        if (veh.routeLen[v] == 1) {
            return first + (int) Integer.toUnsignedLong(rnd.nextInt()) % n;
        }
        int r1 = routes[veh.routeOff[v] + 1];
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

    /**
     * Time to drive a route alone at the lower of the vehicle's and the lanes' speed limits, lane
     * links at the turn speed: the reference for delay and the travel-time index.
     */
    double freeFlowTime(int off, int n, double vmax) {
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
                    t += sum / links / (turn ? Math.min(vmax, Driving.TURN_SPEED) : vmax);
                }
            }
        }
        return t;
    }
}
